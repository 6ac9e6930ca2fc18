// The legacy HTTP+SSE transport over real loopback HTTP.
#include <doctest/doctest.h>

#include "mcp/transport_test_support.h"

namespace gw::mcp {
namespace {

using namespace gw::mcp::testing;  // NOLINT: test fixtures

TEST_CASE("legacy HTTP+SSE: endpoint event, 202 on POST, answers on the stream") {
  TestServer s(StreamTiming{milliseconds(100), milliseconds(1000), milliseconds(60'000)});
  std::string endpoint;
  {
    StreamReader reader(s.port, "/demo/sse");
    const std::string first = reader.wait_for("\n\n");
    REQUIRE(first.rfind("event: endpoint\ndata: /demo/messages?session_id=", 0) == 0);
    CHECK(reader.content_type() == "text/event-stream");
    endpoint = first.substr(std::string("event: endpoint\ndata: ").size());
    endpoint = endpoint.substr(0, endpoint.find('\n'));
    Reply r = post(s.port, endpoint, initialize_body("2024-11-05"));
    CHECK(r.status == 202);
    std::string text = reader.wait_for("\"id\":1");
    CHECK(text.find(
              "event: message\ndata: {\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"capabilities\"") !=
          std::string::npos);
    CHECK(text.find("\"protocolVersion\":\"2024-11-05\"") != std::string::npos);
    r = post(s.port, endpoint, R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    CHECK(r.status == 202);
    r = post(s.port, endpoint, R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})");
    CHECK(r.status == 202);
    text = reader.wait_for("\"id\":2");
    CHECK(text.find(R"({"id":2,"jsonrpc":"2.0","result":{"tools":[{"description":"Echoes")") !=
          std::string::npos);
    r = post(s.port, endpoint, R"({"jsonrpc":"2.0","id":3,"method":"tools/call",
        "params":{"name":"echo","arguments":{},"_meta":{"progressToken":7}}})");
    CHECK(r.status == 202);
    text = reader.wait_for("\"id\":3");
    const auto half = text.find(R"("message":"half","progress":1.0,"progressToken":7)");
    const auto all = text.find(R"("message":"all","progress":2.0,"progressToken":7)");
    const auto result = text.find(R"({"id":3,"jsonrpc":"2.0","result":{"content")");
    CHECK(half != std::string::npos);
    CHECK(all != std::string::npos);
    CHECK(result != std::string::npos);
    CHECK((half < all && all < result));
    r = post(s.port, endpoint, R"({"jsonrpc":"2.0","id":)");
    CHECK(r.status == 400);
    CHECK(post(s.port, "/demo/messages?session_id=nope", "{}").status == 404);
    CHECK(post(s.port, "/demo/messages", "{}").status == 400);
  }
  // The stream closed: its session is gone once the server notices, at its next write (a
  // keep-alive, every 100 ms here).
  int status = 0;
  for (int i = 0; i < 100 && status != 404; ++i) {
    status = post(s.port, endpoint, R"({"jsonrpc":"2.0","id":3,"method":"ping"})").status;
    if (status != 404) std::this_thread::sleep_for(milliseconds(50));
  }
  CHECK(status == 404);
}

TEST_CASE("public_prefix and the legacy endpoint path") {
  struct Case {
    const char* path;
    const char* inner;
    const char* forwarded;
    const char* environment;
    const char* configured;
    const char* prefix;
  };
  const Case cases[] = {
      {"/demo/sse", "/sse", "", "", "/demo", "/demo"},
      {"/Demo/sse/", "/sse", "", "", "/demo", "/Demo"},
      {"/sse", "/sse", "", "/demo", "/demo", "/demo"},
      {"/sse", "/sse", "/gw/demo/", "/demo", "/demo", "/gw/demo"},
      {"/elsewhere", "/sse", "", "", "/demo", "/demo"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CHECK(public_prefix(c.path, c.inner, c.forwarded, c.environment, c.configured) == c.prefix);
  }
  CHECK(legacy_endpoint("/demo", "abc") == "/demo/messages?session_id=abc");
}

}  // namespace
}  // namespace gw::mcp
