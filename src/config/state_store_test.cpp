#include "config/state_store.h"

#include <doctest/doctest.h>

namespace gw::config {

TEST_CASE("state_store: journal and redis URLs parse into their parts") {
  struct Case {
    std::string text;
    std::string host;
    int port;
    int database;
    std::string user;
    std::string password;
    std::string display;
  };
  const Case cases[] = {
      {"redis://127.0.0.1:6379/0", "127.0.0.1", 6379, 0, "", "", "redis://127.0.0.1:6379/0"},
      {"redis://cache.internal", "cache.internal", 6379, 0, "", "",
       "redis://cache.internal:6379/0"},
      {"redis://gw:s3cret@r.example:6380/2", "r.example", 6380, 2, "gw", "s3cret",
       "redis://gw@r.example:6380/2"},
      {"redis://:s3cret@h:1/", "h", 1, 0, "", "s3cret", "redis://h:1/0"},
      {"redis://gw:p%40ss%3Aw@h:7000/3", "h", 7000, 3, "gw", "p@ss:w", "redis://gw@h:7000/3"},
      {"redis://[::1]:6390/1", "::1", 6390, 1, "", "", "redis://[::1]:6390/1"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto parsed = parse_state_store(c.text);
    REQUIRE(parsed.is_ok());
    CHECK(parsed->is_redis());
    CHECK(parsed->host == c.host);
    CHECK(parsed->port == c.port);
    CHECK(parsed->database == c.database);
    CHECK(parsed->user == c.user);
    CHECK(parsed->password.reveal() == c.password);
    CHECK(parsed->display() == c.display);
  }
  // TLS: the same parts, and the CA file (a path holds slashes; the database comes before ?).
  auto tls =
      parse_state_store("rediss://gw:s3cret@r.example:6380/2?ca_file=/etc/gw/redis%20ca.pem");
  REQUIRE(tls.is_ok());
  CHECK(tls->tls);
  CHECK(tls->host == "r.example");
  CHECK(tls->port == 6380);
  CHECK(tls->database == 2);
  CHECK(tls->ca_file == "/etc/gw/redis ca.pem");
  CHECK(tls->display() == "rediss://gw@r.example:6380/2");
  auto no_db = parse_state_store("rediss://h?ca_file=/ca.pem");
  REQUIRE(no_db.is_ok());
  CHECK(no_db->database == 0);
  CHECK(no_db->ca_file == "/ca.pem");
  CHECK_FALSE(parse_state_store("redis://h:1/0")->tls);
  auto journal = parse_state_store("journal");
  REQUIRE(journal.is_ok());
  CHECK_FALSE(journal->is_redis());
  CHECK(journal->display() == "journal");
}

TEST_CASE("state_store: malformed values are refused with the reason, never the password") {
  const std::string expected =
      "expected journal or redis://[user:password@]host:port/db (password via ${VAR}): ";
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"", expected + "unknown scheme"},
      {"Journal", expected + "unknown scheme"},
      {"http://h:6379", expected + "unknown scheme"},
      {"redis://", expected + "no host"},
      {"redis://:pw@:6379", expected + "no host"},
      {"redis://h:0", expected + "port must be 1..65535"},
      {"redis://h:65536", expected + "port must be 1..65535"},
      {"redis://h:63x9", expected + "port must be 1..65535"},
      {"redis://h:6379/x", expected + "the database after / must be a number 0..9999"},
      {"redis://h:6379/-1", expected + "the database after / must be a number 0..9999"},
      {"redis://u:hunter2%zz@h", expected + "a malformed %XX escape in the password"},
      {"redis://u:hunter2%4@h", expected + "a malformed %XX escape in the password"},
      {"redis://[::1:6379", expected + "an IPv6 host needs its closing ]"},
      {"redis://h#x:6379", expected + "a malformed host"},
      {"redis://h?x:6379",
       expected + "redis:// takes no ?parameters (rediss:// takes ?ca_file=PATH)"},
      {"rediss://h:6379/0?ca=x", expected + "rediss:// takes only ?ca_file=PATH"},
      {"rediss://h:6379/0?ca_file=", expected + "ca_file needs a path (%XX escapes allowed)"},
      {"rediss://h:6379/0?ca_file=%zz", expected + "ca_file needs a path (%XX escapes allowed)"},
      {"https://h:6379/0", expected + "unknown scheme"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    auto parsed = parse_state_store(c.text);
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().message() == c.message);
    CHECK(parsed.status().message().find("hunter2") == std::string::npos);
  }
}

}  // namespace gw::config
