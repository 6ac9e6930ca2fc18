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

namespace gw::tdsdev {
namespace {

TEST_CASE("--db and --database pair up in order; the first is the default") {
  auto o =
      parse_options({"--db", "a.sqlite", "--database", "Sales", "--db", "b.sqlite", "--database",
                     "ArchiveDB", "--login", "sa:pw", "--generate-catalog", "20000"});
  REQUIRE(o.is_ok());
  REQUIRE(o->databases.size() == 2);
  CHECK(o->databases[1].name == "ArchiveDB");
  CHECK(o->databases[1].path == "b.sqlite");
  CHECK(o->db_path == "a.sqlite");
  CHECK(o->database == "Sales");
  CHECK(o->generate_catalog == 20000);
  CHECK(find_database(*o, "archivedb") == &o->databases[1]);
  CHECK(find_database(*o, "Payroll") == nullptr);

  const std::pair<std::vector<std::string>, const char*> errors[] = {
      {{"--db", "a", "--db", "b", "--login", "sa:pw"},
       "--db b: a second database needs its own --database NAME"},
      {{"--db", "a", "--database", "X", "--database", "Y", "--login", "sa:pw"},
       "--database: more names than --db files"},
      {{"--db", "a", "--db", "b", "--database", "X", "--database", "x", "--login", "sa:pw"},
       "--database x: named twice"},
      {{"--db", "a", "--login", "sa:pw", "--generate-catalog", "100000"},
       "--generate-catalog: expected an integer 0..99999, got \"100000\""},
  };
  for (const auto& [args, message] : errors) {
    auto r = parse_options(args);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == message);
  }
}

}  // namespace
}  // namespace gw::tdsdev
