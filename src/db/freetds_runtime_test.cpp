#include "db/freetds_runtime.h"

#include <doctest/doctest.h>

namespace gw::db {
namespace {

TEST_CASE(
    "server_section_text maps encryption and certificate trust to freetds.conf, never the "
    "password") {
  ConnectionSettings s;
  s.host = "db.internal";
  s.port = 1444;
  s.password = Secret("hunter2");
  s.login_timeout_s = 7;
  s.encryption = Encryption::kOff;
  CHECK(server_section_text("gw_demo_1", s) ==
        "[gw_demo_1]\n\thost = db.internal\n\tport = 1444\n\ttds version = 7.4\n\tclient charset = "
        "UTF-8\n"
        "\tconnect timeout = 7\n\ttext size = 16777216\n\tencryption = off\n");
  s.encryption = Encryption::kRequire;
  const std::string verified = server_section_text("x", s);
  CHECK(verified.find(
            "\tencryption = require\n\tca file = system\n\tcheck certificate hostname = yes\n") !=
        std::string::npos);
  s.trust_server_certificate = true;
  s.encryption = Encryption::kRequest;
  const std::string trusted = server_section_text("x", s);
  CHECK(trusted.find("\tencryption = request\n") != std::string::npos);
  CHECK(trusted.find("ca file") == std::string::npos);
  CHECK(trusted.find("hunter2") == std::string::npos);
  CHECK(verified.find("hunter2") == std::string::npos);
}

}  // namespace
TEST_CASE(
    "connectors with the same settings share one freetds.conf section (reloads add nothing)") {
  REQUIRE(ensure_freetds_initialized().is_ok());
  ConnectionSettings s;
  s.host = "reload-section.test";
  s.port = 1455;
  s.encryption = Encryption::kOff;
  auto first = register_server_section("demo", s);
  auto again = register_server_section("demo", s);
  REQUIRE(first.is_ok());
  REQUIRE(again.is_ok());
  CHECK(*again == *first);
  s.port = 1456;
  auto other = register_server_section("demo", s);
  REQUIRE(other.is_ok());
  CHECK(*other != *first);
}

}  // namespace gw::db
