// The Streamable HTTP transport over real loopback HTTP.
#include <doctest/doctest.h>

#include "mcp/transport_test_support.h"

namespace gw::mcp {
namespace {

using namespace gw::mcp::testing;  // NOLINT: test fixtures

TEST_CASE("Streamable HTTP: initialize mints a session that later requests use") {
  TestServer s;
  const Reply init = post(s.port, "/demo/mcp", initialize_body("2025-06-18"));
  CHECK(init.status == 200);
  CHECK(init.header("Content-Type") == "application/json");
  const std::string sid = init.header("Mcp-Session-Id");
  REQUIRE(sid.size() == 32);
  httplib::Headers with_session = {{"Mcp-Session-Id", sid}};
  const Reply initialized =
      post(s.port, "/demo/mcp", R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
           with_session);
  CHECK(initialized.status == 202);
  CHECK(initialized.body.empty());
  const Reply list =
      post(s.port, "/demo/mcp", R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})", with_session);
  CHECK(list.status == 200);
  CHECK(list.message()["result"]["tools"][0]["name"] == "echo");
  const Reply level = post(s.port, "/demo/mcp",
                           R"({"jsonrpc":"2.0","id":3,"method":"logging/setLevel",
                               "params":{"level":"error"}})",
                           with_session);
  CHECK(level.message().dump() == R"({"id":3,"jsonrpc":"2.0","result":{}})");
}

TEST_CASE("Streamable HTTP: status codes of the session policy") {
  TestServer s;
  const std::string sid = open_session(s.port, "2025-11-25");
  struct Case {
    const char* name;
    const char* body;
    httplib::Headers headers;
    int status;
    const char* expected;  // the whole body, "" for none
  };
  const Case cases[] = {
      {"unknown session",
       R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})",
       {{"Mcp-Session-Id", "nope"}},
       404,
       R"({"error":{"code":-32600,"message":"Session not found: it expired or was ended; send )"
       R"(initialize to start a new one"},"id":1,"jsonrpc":"2.0"})"},
      {"no session: tools/list served statelessly",
       R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
       {},
       200,
       R"({"id":1,"jsonrpc":"2.0","result":{}})"},
      {"no session: notification accepted",
       R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
       {},
       202,
       ""},
      {"no session: setLevel refused",
       R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"info"}})",
       {},
       400,
       R"({"error":{"code":-32600,"message":"Bad Request: Mcp-Session-Id header is required; )"
       R"(send initialize first"},"id":1,"jsonrpc":"2.0"})"},
      {"2026-07-28 request without _meta",
       R"({"jsonrpc":"2.0","id":"d","method":"server/discover"})",
       {{"MCP-Protocol-Version", "2026-07-28"}, {"Mcp-Method", "server/discover"}},
       400,
       R"({"error":{"code":-32602,"message":"Invalid params: )"
       R"x(_meta[\"io.modelcontextprotocol/protocolVersion\"] is required (a string)"},)x"
       R"("id":"d","jsonrpc":"2.0"})"},
      {"2026-07-28 header on a live session is tolerated",
       R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
       {{"Mcp-Session-Id", sid}, {"MCP-Protocol-Version", "2026-07-28"}},
       200,
       R"({"id":1,"jsonrpc":"2.0","result":{}})"},
      {"malformed version header",
       R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
       {{"Mcp-Session-Id", sid}, {"MCP-Protocol-Version", "v2"}},
       400,
       R"({"error":{"code":-32600,"message":"Bad Request: malformed MCP-Protocol-Version header )"
       R"x((supported: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05)"},"id":1,"jsonrpc":"2.0"})x"},
      {"malformed JSON",
       R"({"jsonrpc":)",
       {},
       400,
       R"({"error":{"code":-32700,"message":"Parse error: the body is not valid JSON"},)"
       R"("jsonrpc":"2.0"})"},
      {"wrong jsonrpc",
       R"({"jsonrpc":"1.0","id":5,"method":"ping"})",
       {},
       400,
       R"({"error":{"code":-32600,"message":"Invalid Request: jsonrpc must be \"2.0\""},"id":5,)"
       R"("jsonrpc":"2.0"})"},
      {"missing method and id",
       R"({"jsonrpc":"2.0"})",
       {},
       400,
       R"({"error":{"code":-32600,"message":"Invalid Request: missing method"},"jsonrpc":"2.0"})"},
      {"unknown method in a session",
       R"({"jsonrpc":"2.0","id":1,"method":"resources/list"})",
       {{"Mcp-Session-Id", sid}},
       200,
       R"({"error":{"code":-32601,"message":"Method not found: resources/list"},"id":1,)"
       R"("jsonrpc":"2.0"})"},
      {"wrong param types",
       R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":1}})",
       {{"Mcp-Session-Id", sid}},
       200,
       R"({"error":{"code":-32602,"message":"Invalid params: name must be a string"},"id":1,)"
       R"("jsonrpc":"2.0"})"},
      {"batch in a 2025-11-25 session",
       R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])",
       {{"Mcp-Session-Id", sid}},
       400,
       R"({"error":{"code":-32600,"message":"Invalid Request: JSON-RPC batches are accepted only )"
       R"(in protocol version 2025-03-26, not 2025-11-25"},"jsonrpc":"2.0"})"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const Reply r = post(s.port, "/demo/mcp", c.body, c.headers);
    CHECK(r.status == c.status);
    CHECK(r.body == c.expected);
  }
  const Reply huge = post(s.port, "/demo/mcp", std::string(10'001, ' '));
  CHECK(huge.status == 413);
}

TEST_CASE("Streamable HTTP: batches in a 2025-03-26 session") {
  TestServer s;
  const std::string sid = open_session(s.port, "2025-03-26");
  const Reply r = post(s.port, "/demo/mcp",
                       R"([{"jsonrpc":"2.0","id":1,"method":"ping"},
                           {"jsonrpc":"2.0","method":"notifications/initialized"},
                           {"jsonrpc":"2.0","id":2,"method":"tools/list"}])",
                       {{"Mcp-Session-Id", sid}});
  CHECK(r.status == 200);
  REQUIRE(r.message().size() == 2);
  CHECK(r.message()[0]["id"] == 1);
  CHECK(r.message()[1]["result"]["tools"].size() == 1);
  const Reply only_notifications =
      post(s.port, "/demo/mcp", R"([{"jsonrpc":"2.0","method":"notifications/initialized"}])",
           {{"Mcp-Session-Id", sid}});
  CHECK(only_notifications.status == 202);
}

TEST_CASE("Streamable HTTP: DELETE ends a session, which then answers 404") {
  TestServer s;
  const std::string sid = open_session(s.port, "2025-11-25");
  httplib::Client client("127.0.0.1", s.port);
  auto missing = client.Delete("/demo/mcp");
  REQUIRE(missing);
  CHECK(missing->status == 400);
  auto ended = client.Delete("/demo/mcp", httplib::Headers{{"Mcp-Session-Id", sid}});
  REQUIRE(ended);
  CHECK(ended->status == 204);
  CHECK(post(s.port, "/demo/mcp", R"({"jsonrpc":"2.0","id":1,"method":"ping"})",
             {{"Mcp-Session-Id", sid}})
            .status == 404);
  auto again = client.Delete("/demo/mcp", httplib::Headers{{"Mcp-Session-Id", sid}});
  CHECK(again->status == 404);
}

TEST_CASE("Streamable HTTP: tools/call with a progress token streams SSE") {
  TestServer s;
  const char* body = R"({"jsonrpc":"2.0","id":9,"method":"tools/call",
      "params":{"name":"echo","arguments":{"x":1},"_meta":{"progressToken":"p"}}})";
  const Reply r = post(s.port, "/demo/mcp", body);
  CHECK(r.status == 200);
  CHECK(r.header("Content-Type") == "text/event-stream");
  CHECK(r.header("X-Accel-Buffering") == "no");
  CHECK(r.header("Cache-Control") == "no-cache");
  CHECK(r.body ==
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
        "\"params\":{\"message\":\"half\",\"progress\":1.0,\"progressToken\":\"p\",\"total\":2.0}}"
        "\n\n"
        "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
        "\"params\":{\"message\":\"all\",\"progress\":2.0,\"progressToken\":\"p\",\"total\":2.0}}"
        "\n\n"
        "event: message\ndata: {\"id\":9,\"jsonrpc\":\"2.0\",\"result\":{\"content\":[{\"text\":"
        "\"{\\\"x\\\":1}\",\"type\":\"text\"}],\"isError\":false}}\n\n");
  const Reply json_only = post(s.port, "/demo/mcp", body, {{"Accept", "application/json"}});
  CHECK(json_only.header("Content-Type") == "application/json");
  CHECK(json_only.message()["id"] == 9);
}

// Reads an SSE response on its own thread until told to stop.
TEST_CASE("Streamable HTTP: GET opens a bounded stream of keep-alives") {
  TestServer s(StreamTiming{milliseconds(50), milliseconds(400), milliseconds(1000)});
  {
    StreamReader reader(s.port, "/demo/mcp");
    const std::string text = reader.wait_for(": keepalive\n\n: keepalive\n\n");
    CHECK(text.rfind(": stream open\n\n: keepalive\n\n", 0) == 0);
    CHECK(reader.status() == 200);
    CHECK(reader.content_type() == "text/event-stream");
    CHECK(reader.wait_ended(milliseconds(5000)));  // the lifetime ends it
  }
  StreamReader unknown(s.port, "/demo/mcp", {{"Mcp-Session-Id", "nope"}});
  CHECK(unknown.wait_ended(milliseconds(5000)));
  CHECK(unknown.status() == 404);
  httplib::Client client("127.0.0.1", s.port);
  auto page = client.Get("/demo/mcp");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(json::parse(page->body)["transport"] == "streamable-http");
}

TEST_CASE("Streamable HTTP: a session's GET stream ends when the session does") {
  TestServer s(StreamTiming{milliseconds(10'000), milliseconds(60'000), milliseconds(60'000)});
  const std::string sid = open_session(s.port, "2025-11-25");
  StreamReader reader(s.port, "/demo/mcp", {{"Mcp-Session-Id", sid}});
  CHECK(reader.wait_for(": stream open") == ": stream open\n\n");
  httplib::Client client("127.0.0.1", s.port);
  auto ended = client.Delete("/demo/mcp", httplib::Headers{{"Mcp-Session-Id", sid}});
  REQUIRE(ended);
  CHECK(ended->status == 204);
  CHECK(reader.wait_ended(milliseconds(5000)));  // long before its 60 s lifetime
}

TEST_CASE("facts_of and wants_event_stream read the body") {
  struct Case {
    const char* body;
    bool initialize, stateless, sse;
  };
  const Case cases[] = {
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize"})", true, false, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})", false, true, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":{"progressToken":1}}})",
       false, true, true},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{"progressToken":1}}})", false,
       true, false},
      {R"({"jsonrpc":"2.0","method":"notifications/initialized"})", false, true, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel"})", false, false, false},
      {R"([{"jsonrpc":"2.0","id":1,"method":"initialize"}])", false, false, false},
      {R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"result":{}}])", false,
       true, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    const ParseOutcome parsed = parse_body(c.body, ParseLimits{});
    REQUIRE_FALSE(parsed.error.has_value());
    const SessionFacts f = facts_of(parsed.body, true, nullptr, "2025-06-18");
    CHECK(f.is_initialize == c.initialize);
    CHECK(f.stateless_allowed == c.stateless);
    CHECK(f.session_header_present);
    CHECK_FALSE(f.session_live);
    CHECK(f.header_version == "2025-06-18");
    CHECK(wants_event_stream(parsed.body, "application/json, text/event-stream") == c.sse);
    CHECK_FALSE(wants_event_stream(parsed.body, "application/json"));
  }
}

}  // namespace
}  // namespace gw::mcp
