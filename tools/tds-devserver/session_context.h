#pragma once
// Who a session is, as SQL Server lets a pooled client say it (Microsoft Learn,
// "sp_set_session_context", "EXECUTE AS (Transact-SQL)", "REVERT (Transact-SQL)"):
//   EXEC[UTE] [sys.]sp_set_session_context [@key =] N'key', [@value =] value [, [@read_only =] 0|1]
//   SESSION_CONTEXT(N'key')            the value, or NULL
//   EXECUTE AS USER = N'name' [WITH COOKIE INTO @cookie]
//   REVERT [WITH COOKIE = @cookie]
//   USER_NAME()                        the impersonated user while EXECUTE AS is in force
//   ORIGINAL_LOGIN()                   the login, always
// Keys compare ignoring case. A read-only key cannot be set again on the connection: error 15664.
// A context entered WITH COOKIE reverts only with that cookie (the pooled-connection guarantee):
// REVERT without it, or with another, fails and leaves the context in force. Every EXECUTE AS and
// REVERT is logged ("conn N EXECUTE AS USER 'x' WITH COOKIE", "conn N REVERT WITH COOKIE to 'y'"),
// so tests can assert the gateway entered and left it. RESETCONNECTION clears both.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tsql_lexer.h"
#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

struct SessionStatement {
  enum Kind { kSetContext, kExecuteAs, kRevert } kind = kSetContext;
  std::string key;                   // kSetContext
  std::optional<std::string> value;  // kSetContext: NULL clears the key
  bool read_only = false;            // kSetContext
  std::string user;                  // kExecuteAs
  std::string cookie_variable;       // kExecuteAs, kRevert: "@cookie", empty without WITH COOKIE
};

// nullopt when stmt is none of the three statements; 102 wording for bad syntax.
std::optional<Result<SessionStatement>> parse_session_statement(const std::vector<SqlToken>& stmt);

class SessionContext {
 public:
  // login: the login name (ORIGINAL_LOGIN()); database_user: its user in the database
  // (USER_NAME() outside EXECUTE AS).
  SessionContext(std::string login, std::string database_user)
      : login_(std::move(login)), database_user_(std::move(database_user)) {}

  // FailedPrecondition with SQL Server's 15664 text when the key is read-only.
  Status set(const std::string& key, std::optional<std::string> value, bool read_only);
  std::optional<std::string> get(const std::string& key) const;

  // Enters the user's context; returns the cookie (8 bytes) when with_cookie.
  std::string execute_as(const std::string& user, bool with_cookie);
  // Leaves the innermost context: cookie is what REVERT WITH COOKIE passed (nullopt: plain
  // REVERT). FailedPrecondition when it does not match.
  Status revert(const std::optional<std::string>& cookie);

  const std::string& login() const { return login_; }
  // The impersonated user, or the login's database user.
  const std::string& current_user() const;
  void reset();

 private:
  struct Entry {
    std::optional<std::string> value;
    bool read_only = false;
  };
  struct Impersonation {
    std::string user;
    std::string cookie;  // empty: entered without a cookie
  };
  std::string login_;
  std::string database_user_;
  std::map<std::string, Entry> values_;  // lower-case key
  std::vector<Impersonation> stack_;
  unsigned long long next_cookie_ = 0;
};

// SESSION_CONTEXT(key), USER_NAME() (replacing the security model's, so register after it) and
// ORIGINAL_LOGIN(). REQUIRES: context outlives the connection.
Status register_session_context_functions(sqlite3* db, const SessionContext* context);

}  // namespace gw::tdsdev
