#include "session_context.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include <fmt/format.h>

namespace gw::tdsdev {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Status syntax_near(const std::vector<SqlToken>& stmt, size_t i) {
  const std::string near = i < stmt.size() ? stmt[i].text : stmt.back().text;
  return invalid_argument(fmt::format("Incorrect syntax near '{}'.", near));
}

// [@name =] at i: skips the optional parameter name.
size_t skip_parameter_name(const std::vector<SqlToken>& stmt, size_t i, std::string_view name) {
  if (i + 1 < stmt.size() && stmt[i].kind == SqlToken::kVariable && lower(stmt[i].text) == name &&
      stmt[i + 1].is_symbol("=")) {
    return i + 2;
  }
  return i;
}

Result<SessionStatement> parse_set_context(const std::vector<SqlToken>& stmt, size_t i) {
  SessionStatement s;
  i = skip_parameter_name(stmt, i, "@key");
  if (i >= stmt.size() || stmt[i].kind != SqlToken::kString) return syntax_near(stmt, i);
  s.key = stmt[i++].text;
  if (i >= stmt.size() || !stmt[i++].is_symbol(",")) return syntax_near(stmt, i - 1);
  i = skip_parameter_name(stmt, i, "@value");
  if (i >= stmt.size()) return syntax_near(stmt, i);
  const SqlToken& v = stmt[i++];
  if (v.kind == SqlToken::kString || v.kind == SqlToken::kNumber) {
    s.value = v.text;
  } else if (!v.is_word("NULL")) {
    // Only literals (and variables, which tds-devserver does not pass here) are allowed.
    return syntax_near(stmt, i - 1);
  }
  if (i < stmt.size()) {
    if (!stmt[i++].is_symbol(",")) return syntax_near(stmt, i - 1);
    i = skip_parameter_name(stmt, i, "@read_only");
    if (i >= stmt.size() || stmt[i].kind != SqlToken::kNumber ||
        (stmt[i].text != "0" && stmt[i].text != "1")) {
      return syntax_near(stmt, i);
    }
    s.read_only = stmt[i++].text == "1";
  }
  if (i != stmt.size()) return syntax_near(stmt, i);
  return s;
}

Result<SessionStatement> parse_execute_as(const std::vector<SqlToken>& stmt) {
  // EXECUTE AS USER = N'name' [WITH COOKIE INTO @cookie]
  SessionStatement s;
  s.kind = SessionStatement::kExecuteAs;
  if (stmt.size() < 5 || !stmt[2].is_word("USER") || !stmt[3].is_symbol("=") ||
      stmt[4].kind != SqlToken::kString) {
    if (stmt.size() > 2 && !stmt[2].is_word("USER"))
      return invalid_argument(
          fmt::format("EXECUTE AS {} is not supported by tds-devserver.", to_upper(stmt[2].text)));
    return syntax_near(stmt, std::min<size_t>(stmt.size() - 1, 4));
  }
  s.user = stmt[4].text;
  if (stmt.size() == 5) return s;
  if (stmt.size() == 9 && stmt[5].is_word("WITH") && stmt[6].is_word("COOKIE") &&
      stmt[7].is_word("INTO") && stmt[8].kind == SqlToken::kVariable) {
    s.cookie_variable = stmt[8].text;
    return s;
  }
  return syntax_near(stmt, 5);
}

Result<SessionStatement> parse_revert(const std::vector<SqlToken>& stmt) {
  SessionStatement s;
  s.kind = SessionStatement::kRevert;
  if (stmt.size() == 1) return s;
  if (stmt.size() == 5 && stmt[1].is_word("WITH") && stmt[2].is_word("COOKIE") &&
      stmt[3].is_symbol("=") && stmt[4].kind == SqlToken::kVariable) {
    s.cookie_variable = stmt[4].text;
    return s;
  }
  return syntax_near(stmt, 1);
}

void fn_session_context(sqlite3_context* c, int, sqlite3_value** argv) {
  const auto* context = static_cast<const SessionContext*>(sqlite3_user_data(c));
  const unsigned char* key = sqlite3_value_text(argv[0]);
  if (key == nullptr) return sqlite3_result_null(c);
  const std::optional<std::string> value = context->get(reinterpret_cast<const char*>(key));
  if (!value) return sqlite3_result_null(c);
  sqlite3_result_text(c, value->c_str(), static_cast<int>(value->size()), SQLITE_TRANSIENT);
}

void fn_user_name(sqlite3_context* c, int, sqlite3_value**) {
  const auto* context = static_cast<const SessionContext*>(sqlite3_user_data(c));
  const std::string& user = context->current_user();
  sqlite3_result_text(c, user.c_str(), static_cast<int>(user.size()), SQLITE_TRANSIENT);
}

void fn_original_login(sqlite3_context* c, int, sqlite3_value**) {
  const auto* context = static_cast<const SessionContext*>(sqlite3_user_data(c));
  sqlite3_result_text(c, context->login().c_str(), static_cast<int>(context->login().size()),
                      SQLITE_TRANSIENT);
}

}  // namespace

std::optional<Result<SessionStatement>> parse_session_statement(const std::vector<SqlToken>& stmt) {
  if (stmt.empty()) return std::nullopt;
  if (stmt[0].is_word("REVERT")) return parse_revert(stmt);
  if (!stmt[0].is_word("EXEC") && !stmt[0].is_word("EXECUTE")) return std::nullopt;
  if (stmt.size() > 1 && stmt[1].is_word("AS")) return parse_execute_as(stmt);
  size_t i = 1;
  if (stmt.size() > 3 && stmt[1].is_word("SYS") && stmt[2].is_symbol(".")) i = 3;
  if (i < stmt.size() && stmt[i].is_name() && lower(stmt[i].text) == "sp_set_session_context") {
    return parse_set_context(stmt, i + 1);
  }
  return std::nullopt;
}

Status SessionContext::set(const std::string& key, std::optional<std::string> value,
                           bool read_only) {
  Entry& e = values_[lower(key)];
  if (e.read_only) {
    return failed_precondition(fmt::format(
        "Cannot set key '{}' in the session context. The key has been set as read_only for this "
        "session.",
        key));
  }
  e.value = std::move(value);
  e.read_only = read_only;
  return Status::ok();
}

std::optional<std::string> SessionContext::get(const std::string& key) const {
  const auto it = values_.find(lower(key));
  return it == values_.end() ? std::nullopt : it->second.value;
}

std::string SessionContext::execute_as(const std::string& user, bool with_cookie) {
  std::string cookie;
  if (with_cookie) {
    // Unguessable enough for a development server: a counter mixed with the clock.
    const auto now = static_cast<unsigned long long>(
        std::chrono::steady_clock::now().time_since_epoch().count());
    const unsigned long long v = (++next_cookie_ * 0x9E3779B97F4A7C15ULL) ^ now;
    for (int i = 0; i < 8; ++i) cookie.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  stack_.push_back({user, cookie});
  return cookie;
}

Status SessionContext::revert(const std::optional<std::string>& cookie) {
  if (stack_.empty()) return Status::ok();  // SQL Server: REVERT outside EXECUTE AS does nothing
  const Impersonation& top = stack_.back();
  if (!top.cookie.empty() && (!cookie || *cookie != top.cookie)) {
    return failed_precondition(
        cookie ? "The cookie passed to REVERT does not match the one of the current EXECUTE AS "
                 "context."
               : "The current security context was set WITH COOKIE: REVERT needs that cookie.");
  }
  stack_.pop_back();
  return Status::ok();
}

const std::string& SessionContext::current_user() const {
  return stack_.empty() ? database_user_ : stack_.back().user;
}

void SessionContext::reset() {
  values_.clear();
  stack_.clear();
}

Status register_session_context_functions(sqlite3* db, const SessionContext* context) {
  struct Fn {
    const char* name;
    int args;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  const Fn fns[] = {{"session_context", 1, fn_session_context},
                    {"user_name", 0, fn_user_name},
                    {"original_login", 0, fn_original_login}};
  for (const Fn& f : fns) {
    if (sqlite3_create_function(db, f.name, f.args, SQLITE_UTF8,
                                const_cast<SessionContext*>(context), f.fn, nullptr,
                                nullptr) != SQLITE_OK) {
      return internal_error(fmt::format("cannot register {}: {}", f.name, sqlite3_errmsg(db)));
    }
  }
  return Status::ok();
}

}  // namespace gw::tdsdev
