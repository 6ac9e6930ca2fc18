// Both transports over real loopback HTTP (a bare cpp-httplib server on a port the OS picks).
#include <doctest/doctest.h>
#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "mcp/legacy_sse.h"
#include "mcp/streamable_http.h"

namespace gw::mcp {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

class EchoTool final : public Tool {
 public:
  const json& descriptor() const override { return descriptor_; }
  ToolOutcome call(const json& arguments, ToolCallContext& context) override {
    if (context.report_progress) {
      context.report_progress(1, 2, "half");
      context.report_progress(2, 2, "all");
    }
    ToolOutcome o;
    o.content.push_back({{"type", "text"}, {"text", arguments.dump()}});
    return o;
  }

 private:
  json descriptor_ = {
      {"name", "echo"}, {"description", "Echoes"}, {"inputSchema", {{"type", "object"}}}};
};

struct TestServer {
  ScopeEndpointPtr endpoint;
  httplib::Server server;
  std::thread thread;
  int port = 0;

  explicit TestServer(StreamTiming timing = {}) {
    EndpointOptions options;
    options.server = ServerOptions{"demo", "", true, 100};
    options.parse.max_bytes = 10'000;
    options.timing = timing;
    endpoint = std::make_shared<ScopeEndpoint>(options, ToolList{std::make_shared<EchoTool>()},
                                               SystemClock::instance());
    auto caller = [](const httplib::Request&) {
      HttpCaller c;
      c.public_prefix = "/demo";
      return c;
    };
    auto ep = endpoint;
    server.Post("/demo/mcp",
                [ep, caller](const auto& q, auto& r) { serve_post(ep, q, r, caller(q)); });
    server.Get("/demo/mcp",
               [ep, caller](const auto& q, auto& r) { serve_get(ep, q, r, caller(q)); });
    server.Delete("/demo/mcp",
                  [ep, caller](const auto& q, auto& r) { serve_delete(ep, q, r, caller(q)); });
    server.Get("/demo/sse",
               [ep, caller](const auto& q, auto& r) { serve_legacy_stream(ep, q, r, caller(q)); });
    server.Post("/demo/messages",
                [ep, caller](const auto& q, auto& r) { serve_legacy_post(ep, q, r, caller(q)); });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    for (int i = 0; i < 500 && !server.is_running(); ++i) {
      std::this_thread::sleep_for(milliseconds(2));
    }
  }
  ~TestServer() {
    server.stop();
    thread.join();
  }
};

struct Reply {
  int status = 0;
  std::string body;
  httplib::Headers headers;
  json message() const { return body.empty() ? json() : json::parse(body); }
  std::string header(const char* name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

Reply post(int port, const std::string& path, const std::string& body,
           httplib::Headers headers = {}) {
  httplib::Client client("127.0.0.1", port);
  if (!headers.count("Accept")) headers.emplace("Accept", "application/json, text/event-stream");
  auto res = client.Post(path.c_str(), headers, body, "application/json");
  REQUIRE(res);
  return Reply{res->status, res->body, res->headers};
}

const char* kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",
        "capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

std::string initialize_body(const std::string& version) {
  std::string s = kInitialize;
  s.replace(s.find("%s"), 2, version);
  return s;
}

std::string open_session(int port, const std::string& version) {
  const Reply r = post(port, "/demo/mcp", initialize_body(version));
  REQUIRE(r.status == 200);
  REQUIRE(r.message()["result"]["protocolVersion"] == version);
  return r.header("Mcp-Session-Id");
}

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
      {"modern probe",
       R"({"jsonrpc":"2.0","id":"d","method":"server/discover"})",
       {{"MCP-Protocol-Version", "2026-07-28"}},
       400,
       R"({"error":{"code":-32600,"message":"Bad Request: this server requires initialize )"
       R"x((supported protocol versions: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05)"},)x"
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
       R"x(in protocol version 2025-03-26 (this request is at 2025-11-25)"},"jsonrpc":"2.0"})x"},
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
class StreamReader {
 public:
  StreamReader(int port, std::string path, httplib::Headers headers = {})
      : client_("127.0.0.1", port), thread_([this, path = std::move(path), headers]() mutable {
          headers.emplace("Accept", "text/event-stream");
          auto res = client_.Get(
              path.c_str(), headers,
              [this](const httplib::Response& r) {
                std::lock_guard lock(mutex_);
                status_ = r.status;
                content_type_ = r.get_header_value("Content-Type");
                return true;
              },
              [this](const char* data, size_t size) {
                std::lock_guard lock(mutex_);
                text_.append(data, size);
                changed_.notify_all();
                return !stop_;
              });
          std::lock_guard lock(mutex_);
          ended_ = true;
          changed_.notify_all();
        }) {}
  ~StreamReader() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    client_.stop();
    thread_.join();
  }
  // Waits (bounded) until the stream text contains needle; returns the text so far.
  std::string wait_for(const std::string& needle, milliseconds timeout = milliseconds(5000)) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return text_.find(needle) != std::string::npos; });
    return text_;
  }
  bool wait_ended(milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return ended_; });
  }
  int status() {
    std::lock_guard lock(mutex_);
    return status_;
  }
  std::string content_type() {
    std::lock_guard lock(mutex_);
    return content_type_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_, content_type_;
  int status_ = 0;
  bool stop_ = false, ended_ = false;
  httplib::Client client_;
  std::thread thread_;
};

TEST_CASE("Streamable HTTP: GET opens a bounded stream of keep-alives") {
  TestServer s(
      StreamTiming{milliseconds(50), milliseconds(400), milliseconds(1000), milliseconds(100)});
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
  TestServer s(StreamTiming{milliseconds(10'000), milliseconds(60'000), milliseconds(60'000),
                            milliseconds(50)});
  const std::string sid = open_session(s.port, "2025-11-25");
  StreamReader reader(s.port, "/demo/mcp", {{"Mcp-Session-Id", sid}});
  CHECK(reader.wait_for(": stream open") == ": stream open\n\n");
  httplib::Client client("127.0.0.1", s.port);
  auto ended = client.Delete("/demo/mcp", httplib::Headers{{"Mcp-Session-Id", sid}});
  REQUIRE(ended);
  CHECK(ended->status == 204);
  CHECK(reader.wait_ended(milliseconds(5000)));  // long before its 60 s lifetime
}

TEST_CASE("legacy HTTP+SSE: endpoint event, 202 on POST, answers on the stream") {
  TestServer s(
      StreamTiming{milliseconds(100), milliseconds(1000), milliseconds(60'000), milliseconds(100)});
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

TEST_CASE("facts_of and wants_event_stream read the body") {
  struct Case {
    const char* body;
    bool initialize, stateless, probe, sse;
  };
  const Case cases[] = {
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize"})", true, false, false, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})", false, true, false, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"_meta":{"progressToken":1}}})",
       false, true, false, true},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":{"_meta":{"progressToken":1}}})", false,
       true, false, false},
      {R"({"jsonrpc":"2.0","method":"notifications/initialized"})", false, true, false, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel"})", false, false, false, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"server/discover"})", false, false, true, false},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/list",
          "params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})",
       false, true, true, false},
      {R"([{"jsonrpc":"2.0","id":1,"method":"initialize"}])", false, false, false, false},
      {R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"result":{}}])", false,
       true, false, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    const ParseOutcome parsed = parse_body(c.body, ParseLimits{});
    REQUIRE_FALSE(parsed.error.has_value());
    const SessionFacts f = facts_of(parsed.body, true, nullptr, "2025-06-18");
    CHECK(f.is_initialize == c.initialize);
    CHECK(f.stateless_allowed == c.stateless);
    CHECK(f.is_modern_probe == c.probe);
    CHECK(f.session_header_present);
    CHECK_FALSE(f.session_live);
    CHECK(f.header_version == "2025-06-18");
    CHECK(wants_event_stream(parsed.body, "application/json, text/event-stream") == c.sse);
    CHECK_FALSE(wants_event_stream(parsed.body, "application/json"));
  }
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
