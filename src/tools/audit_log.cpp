#include "tools/audit_log.h"

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gw::tools {
namespace {

std::string iso_utc(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

nlohmann::ordered_json optional_text(const std::optional<std::string>& text) {
  return text ? nlohmann::ordered_json(*text) : nlohmann::ordered_json(nullptr);
}

}  // namespace

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path, Clock& clock) {
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (file == nullptr) {
    return unavailable(fmt::format("cannot open audit log {}: {}", path, std::strerror(errno)));
  }
  return std::unique_ptr<AuditLog>(new AuditLog(file, clock));
}

std::unique_ptr<AuditLog> AuditLog::disabled() {
  return std::unique_ptr<AuditLog>(new AuditLog(nullptr, SystemClock::instance()));
}

AuditLog::~AuditLog() {
  if (file_ != nullptr) std::fclose(file_);
}

std::string AuditLog::format(const AuditRecord& r, std::int64_t unix_seconds) {
  nlohmann::ordered_json line = {{"time", iso_utc(unix_seconds)},
                                 {"scope", r.scope},
                                 {"client_id", r.client_id},
                                 {"user", r.user},
                                 {"tool", r.tool},
                                 {"query", optional_text(r.query)},
                                 {"table", optional_text(r.table)},
                                 {"rows", r.rows},
                                 {"duration_ms", r.duration_ms},
                                 {"outcome", r.outcome},
                                 {"error", optional_text(r.error)}};
  // Only on scopes that have them, so the lines of the others keep their shape.
  if (!r.database.empty()) line["database"] = r.database;
  if (!r.database_user.empty()) line["database_user"] = r.database_user;
  // Arguments come from the client: replace invalid UTF-8 rather than fail to record the call.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void AuditLog::write(const AuditRecord& record) {
  if (file_ == nullptr) return;
  const std::string line = format(record, clock_.now_seconds()) + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace gw::tools
