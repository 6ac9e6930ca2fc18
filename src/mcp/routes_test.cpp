#include "mcp/routes.h"

#include <doctest/doctest.h>

namespace gw::mcp {
namespace {

TEST_CASE("development switches admit methods, and tools/call only when both are on") {
  struct Case {
    bool methods, tools_call, calls_tool, admitted;
  };
  const Case cases[] = {
      {false, false, false, false}, {false, false, true, false}, {true, false, false, true},
      {true, false, true, false},   {true, true, true, true},    {false, true, true, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.methods);
    CAPTURE(c.tools_call);
    CAPTURE(c.calls_tool);
    config::DevelopmentConfig d;
    d.allow_unauthenticated_methods = c.methods;
    d.allow_unauthenticated_tools_call = c.tools_call;
    CHECK(development_admits(d, c.calls_tool) == c.admitted);
  }
}

TEST_CASE("tool_calls_in_body finds tools/call requests, alone or in a batch") {
  const ParseLimits limits;
  ParseOutcome parsed =
      parse_body(R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"execute_sql",)"
                 R"("arguments":{"query":"SELECT 1"}}})",
                 limits);
  auto calls = tool_calls_in_body(parsed);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].name == "execute_sql");
  CHECK(calls[0].arguments() == nlohmann::json({{"query", "SELECT 1"}}));
  parsed = parse_body(
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"tools/call"}])",
      limits);
  calls = tool_calls_in_body(parsed);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].name.empty());
  CHECK(calls[0].arguments().is_null());
  for (const char* none : {R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})",
                           R"({"jsonrpc":"2.0","method":"tools/call"})",  // a notification
                           "{not json"}) {
    CAPTURE(none);
    parsed = parse_body(none, limits);
    CHECK(tool_calls_in_body(parsed).empty());
  }
}

TEST_CASE("endpoint_options carries the scope's identity and the body limit") {
  config::ScopeConfig scope;
  scope.name = "marketing";
  scope.description = "Marketing";
  scope.read_only = false;
  config::ServerConfig server;
  server.max_body_bytes = 12345;
  const EndpointOptions o = endpoint_options(scope, server);
  CHECK(o.server.scope_name == "marketing");
  CHECK(o.server.scope_description == "Marketing");
  CHECK_FALSE(o.server.read_only);
  CHECK(o.parse.max_bytes == 12345);
}

}  // namespace
}  // namespace gw::mcp
