#include "tools/login_check.h"

#include <fmt/format.h>

#include "db/login_privileges.h"
#include "util/log.h"

namespace gw::tools {

const char* login_verdict_name(LoginVerdict verdict) {
  switch (verdict) {
    case LoginVerdict::kReadOnly: return "read_only";
    case LoginVerdict::kCanWrite: return "can_write";
    case LoginVerdict::kUnknown: break;
  }
  return "unknown";
}

void LoginCheck::run(db::Pool& pool, std::int64_t timeout_ms) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    last_run_ = std::chrono::steady_clock::now();
    ran_ = true;
  }
  record(db::check_login_privileges(pool, timeout_ms));
}

void LoginCheck::run_if_due(db::Pool& pool, std::int64_t timeout_ms,
                            std::chrono::seconds interval) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ran_ && std::chrono::steady_clock::now() - last_run_ < interval) return;
  }
  run(pool, timeout_ms);
}

void LoginCheck::record(Result<std::vector<std::string>> findings) {
  Snapshot next;
  if (!findings) {
    next.error = findings.status().message();
  } else if (findings->empty()) {
    next.verdict = LoginVerdict::kReadOnly;
  } else {
    next.verdict = LoginVerdict::kCanWrite;
    next.findings = std::move(*findings);
    std::string list;
    for (const std::string& f : next.findings) list += (list.empty() ? "" : "; ") + f;
    log::error(require_read_only_
                   ? "read-only scope refuses to serve: its database login can write"
                   : "read-only scope's database login CAN WRITE: only the gateway's checks stand "
                     "between the assistant and the data; use a login that can only read",
               {{"scope", scope_name_}, {"found", list}});
  }
  std::lock_guard<std::mutex> lock(mutex_);
  snapshot_ = std::move(next);
}

LoginCheck::Snapshot LoginCheck::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return snapshot_;
}

Status LoginCheck::serving_status() const {
  if (!require_read_only_) return Status::ok();
  const Snapshot s = snapshot();
  if (s.verdict == LoginVerdict::kReadOnly) return Status::ok();
  if (s.verdict == LoginVerdict::kCanWrite) {
    return unavailable(
        fmt::format("scope \"{}\" does not serve: its database login can write ({}), and "
                    "database.require_read_only_login is set",
                    scope_name_, s.findings.front()));
  }
  return unavailable(fmt::format(
      "scope \"{}\" does not serve yet: its database login has not been verified as read-only "
      "(database.require_read_only_login){}",
      scope_name_, s.error.empty() ? "" : ": " + s.error));
}

}  // namespace gw::tools
