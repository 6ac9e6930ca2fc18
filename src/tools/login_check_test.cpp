#include "tools/login_check.h"

#include <doctest/doctest.h>

namespace gw::tools {
namespace {

TEST_CASE("LoginCheck: verdicts from findings, and serving only when required and read-only") {
  LoginCheck lenient("demo", false);
  CHECK(lenient.snapshot().verdict == LoginVerdict::kUnknown);
  CHECK(lenient.serving_status().is_ok());  // not required: serves, health tells
  lenient.record(std::vector<std::string>{"database role db_datawriter", "schema dbo: INSERT"});
  CHECK(lenient.snapshot().verdict == LoginVerdict::kCanWrite);
  CHECK(lenient.snapshot().findings.size() == 2);
  CHECK(lenient.serving_status().is_ok());
  CHECK(std::string(login_verdict_name(lenient.snapshot().verdict)) == "can_write");

  LoginCheck strict("demo", true);
  CHECK(strict.serving_status().message() ==
        "scope \"demo\" does not serve yet: its database login has not been verified as "
        "read-only (database.require_read_only_login)");
  strict.record(unavailable("login failed"));
  CHECK(strict.snapshot().verdict == LoginVerdict::kUnknown);
  CHECK(strict.snapshot().error == "login failed");
  CHECK(strict.serving_status().message() ==
        "scope \"demo\" does not serve yet: its database login has not been verified as "
        "read-only (database.require_read_only_login): login failed");
  strict.record(std::vector<std::string>{"server role sysadmin"});
  CHECK(strict.serving_status().code() == StatusCode::kUnavailable);
  CHECK(strict.serving_status().message() ==
        "scope \"demo\" does not serve: its database login can write (server role sysadmin), and "
        "database.require_read_only_login is set");
  strict.record(std::vector<std::string>{});
  CHECK(strict.snapshot().verdict == LoginVerdict::kReadOnly);
  CHECK(std::string(login_verdict_name(LoginVerdict::kReadOnly)) == "read_only");
  CHECK(strict.serving_status().is_ok());
}

}  // namespace
}  // namespace gw::tools
