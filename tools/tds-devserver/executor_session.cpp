// Executor, part 4: sp_set_session_context, EXECUTE AS USER ... WITH COOKIE and REVERT
// (session_context.h).
#include <sqlite3.h>

#include <fmt/format.h>

#include "executor.h"
#include "log.h"
#include "session_context.h"

namespace gw::tdsdev {

Executor::Outcome Executor::run_session_statement(const Translation& tr) {
  const SessionStatement& s = tr.session;
  RpcParam* cookie = nullptr;
  if (!s.cookie_variable.empty()) {
    for (auto& v : variables_) {
      if (sqlite3_stricmp(v.name.c_str(), s.cookie_variable.c_str()) == 0) cookie = &v;
    }
    if (cookie == nullptr) {
      error(
          {137, 1, 15, fmt::format("Must declare the scalar variable \"{}\".", s.cookie_variable)},
          tr.line);
      queue_done({kDoneError, 0, 0});
      return Outcome::kError;
    }
  }
  Status status;
  int number = 0;
  switch (s.kind) {
    case SessionStatement::kSetContext:
      status = state_.context->set(s.key, s.value, s.read_only);
      number = 15664;
      break;
    case SessionStatement::kExecuteAs: {
      const std::string value = state_.context->execute_as(s.user, cookie != nullptr);
      if (cookie != nullptr) cookie->value = ParamValue{ParamValue::kBlob, 0, 0, value};
      log_line(fmt::format("conn {} EXECUTE AS USER '{}'{}", state_.connection_id, s.user,
                           cookie != nullptr ? " WITH COOKIE" : ""));
      break;
    }
    case SessionStatement::kRevert: {
      std::optional<std::string> passed;
      if (cookie != nullptr) passed = cookie->value.bytes;
      status = state_.context->revert(passed);
      number = 15196;
      if (status.is_ok()) {
        log_line(fmt::format("conn {} REVERT{} to '{}'", state_.connection_id,
                             cookie != nullptr ? " WITH COOKIE" : "",
                             state_.context->current_user()));
      }
      break;
    }
  }
  if (!status.is_ok()) {
    error({number, 1, 16, status.message()}, tr.line);
    queue_done({kDoneError, 0, 0});
    return Outcome::kError;
  }
  queue_done({});
  return Outcome::kOk;
}

}  // namespace gw::tdsdev
