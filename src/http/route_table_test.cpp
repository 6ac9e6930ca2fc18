#include "http/route_table.h"

#include <doctest/doctest.h>

using gw::http::Cors;
using gw::http::RouteTable;

TEST_CASE("RouteTable: exact beats prefix, HEAD falls back to GET, methods listed for 405") {
  RouteTable table;
  int hit = 0;
  table.add("GET", "/health", [&](gw::http::ScopeRequest&) { hit = 1; });
  table.add("POST", "/mcp", [&](gw::http::ScopeRequest&) { hit = 2; });
  table.add("DELETE", "/mcp", [&](gw::http::ScopeRequest&) { hit = 3; });
  table.add_prefix(
      "GET", "/.well-known/", [&](gw::http::ScopeRequest&) { hit = 4; }, Cors::kPublic);
  table.add("GET", "/.well-known/special", [&](gw::http::ScopeRequest&) { hit = 5; });

  CHECK(table.find("GET", "/health").handler != nullptr);
  CHECK(table.find("HEAD", "/health").handler != nullptr);
  auto wrong_method = table.find("GET", "/mcp");
  CHECK(wrong_method.handler == nullptr);
  CHECK(wrong_method.allowed_methods == std::vector<std::string>{"POST", "DELETE"});
  auto unknown = table.find("GET", "/nothing");
  CHECK(unknown.handler == nullptr);
  CHECK(unknown.allowed_methods.empty());
  auto prefixed = table.find("GET", "/.well-known/oauth-authorization-server");
  REQUIRE(prefixed.handler != nullptr);
  CHECK(prefixed.cors == Cors::kPublic);
  auto exact = table.find("GET", "/.well-known/special");
  REQUIRE(exact.handler != nullptr);
  CHECK(exact.cors == Cors::kAllowlisted);
  auto options = table.find("OPTIONS", "/.well-known/x");
  CHECK(options.handler == nullptr);
  CHECK(options.cors == Cors::kPublic);
}
