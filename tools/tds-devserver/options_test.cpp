#include "options.h"

#include <doctest/doctest.h>

namespace gw::tdsdev {
namespace {

TEST_CASE("command line") {
  auto o =
      parse_options({"--listen", "127.0.0.1:0", "--db", "x.sqlite", "--login", "sa:pw,app:p:w",
                     "--demo", "--big-rows", "1000000", "--latency-ms", "20", "--port-file", "p"});
  REQUIRE(o.is_ok());
  CHECK(o->host == "127.0.0.1");
  CHECK(o->port == 0);
  CHECK(o->db_path == "x.sqlite");
  REQUIRE(o->logins.size() == 2);
  CHECK(o->logins[1].first == "app");
  CHECK(o->logins[1].second == "p:w");
  CHECK(o->demo);
  CHECK(o->big_rows == 1000000);
  CHECK(o->latency_ms == 20);
  CHECK(o->port_file == "p");
  CHECK(o->database == "DemoDB");
}

TEST_CASE("command line errors") {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const Case cases[] = {
      {{"--login", "sa:pw"}, "--db is required"},
      {{"--db", "x"}, "--login is required"},
      {{"--db", "x", "--login", "sa"}, "--login: expected user:password pairs separated by commas"},
      {{"--db", "x", "--login", "a:b", "--latency-ms", "20x"},
       "--latency-ms: expected an integer 0..600000, got \"20x\""},
      {{"--db", "x", "--login", "a:b", "--listen", "127.0.0.1"}, "--listen: expected HOST:PORT"},
      {{"--db", "x", "--login", "a:b", "--listen", "h:70000"},
       "--listen: expected an integer 0..65535, got \"70000\""},
      {{"--db", "x", "--login", "a:b", "--verbose"}, "unknown option \"--verbose\" (see --help)"},
      {{"--db"}, "--db: missing value"},
  };
  for (const auto& c : cases) {
    auto o = parse_options(c.args);
    REQUIRE_FALSE(o.is_ok());
    CHECK(o.status().message() == c.message);
  }
}

TEST_CASE("--help says what this is not") {
  std::string u = usage_text();
  CHECK(u.find("FOR DEVELOPMENT AND TESTS ONLY") != std::string::npos);
  CHECK(u.find("not SQL Server") != std::string::npos);
}

}  // namespace
}  // namespace gw::tdsdev
