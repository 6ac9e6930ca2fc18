#include "mcp/dispatcher.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

#include <fmt/format.h>

#include "http/client_watch.h"

namespace gw::mcp {
namespace {

using nlohmann::json;

// A tool whose behaviour each test chooses.
class FakeTool final : public Tool {
 public:
  FakeTool(std::string name, std::function<ToolOutcome(const json&, ToolCallContext&)> body)
      : descriptor_({{"name", std::move(name)},
                     {"title", "Fake"},
                     {"description", "A fake tool"},
                     {"inputSchema", {{"type", "object"}}},
                     {"outputSchema", {{"type", "object"}}},
                     {"annotations", {{"readOnlyHint", true}}}}),
        body_(std::move(body)) {}
  const json& descriptor() const override { return descriptor_; }
  ToolOutcome call(const json& arguments, ToolCallContext& context) override {
    return body_(arguments, context);
  }

 private:
  json descriptor_;
  std::function<ToolOutcome(const json&, ToolCallContext&)> body_;
};

ToolOutcome echo(const json& arguments, ToolCallContext&) {
  ToolOutcome o;
  o.content.push_back({{"type", "text"}, {"text", arguments.dump()}});
  o.structured = {{"echo", arguments}};
  return o;
}

struct Fixture {
  InFlightRequests in_flight;
  ToolList tools = {std::make_shared<FakeTool>("echo", echo),
                    std::make_shared<FakeTool>("boom",
                                               [](const json&, ToolCallContext&) -> ToolOutcome {
                                                 throw std::runtime_error("secret detail");
                                               }),
                    std::make_shared<FakeTool>("third", echo)};
  Dispatcher dispatcher{ServerOptions{"demo", "Demo data", true, 100}, tools, in_flight};
  RequestContext context{"2025-11-25", nullptr, "client", "", "req-1", {}};

  json call(const std::string& text) {
    auto response = dispatcher.handle(classify_message(json::parse(text)), context);
    return response ? *response : json("no response");
  }
};

TEST_CASE("initialize negotiates the version and describes the scope") {
  Fixture f;
  struct Case {
    const char* params;
    const char* version;
    bool has_title;
  };
  const Case cases[] = {
      {R"({"protocolVersion":"2025-11-25"})", "2025-11-25", true},
      {R"({"protocolVersion":"2025-06-18"})", "2025-06-18", true},
      {R"({"protocolVersion":"2025-03-26"})", "2025-03-26", false},
      {R"({"protocolVersion":"2024-11-05"})", "2024-11-05", false},
      {R"({"protocolVersion":"2026-07-28"})", "2025-11-25", true},
      {R"({})", "2025-11-25", true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.params);
    const json r = f.call(
        std::string(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":)") + c.params + "}");
    REQUIRE(r.contains("result"));
    CHECK(r["result"]["protocolVersion"] == c.version);
    CHECK(r["result"]["serverInfo"]["name"] == "mssql-mcp-gateway");
    CHECK(r["result"]["serverInfo"]["version"] == GATEWAY_VERSION);
    CHECK(r["result"]["serverInfo"].contains("title") == c.has_title);
    CHECK(r["result"]["capabilities"].dump() == R"({"logging":{},"tools":{"listChanged":false}})");
  }
  const json bad = f.call(R"({"jsonrpc":"2.0","id":2,"method":"initialize",
      "params":{"protocolVersion":20251125}})");
  CHECK(bad.dump() ==
        R"({"error":{"code":-32602,"message":"Invalid params: protocolVersion must be a string"},)"
        R"("id":2,"jsonrpc":"2.0"})");
}

TEST_CASE("instructions name the dialect and the mode") {
  const std::string ro = server_instructions(ServerOptions{"demo", "Demo data", true, 10});
  CHECK(ro.find("\"demo\" scope (Demo data)") != std::string::npos);
  CHECK(ro.find("T-SQL") != std::string::npos);
  CHECK(ro.find("TOP n") != std::string::npos);
  CHECK(ro.find("never LIMIT") != std::string::npos);
  CHECK(ro.find("Mode: read-only.") != std::string::npos);
  const std::string rw = server_instructions(ServerOptions{"prod", "", false, 10});
  CHECK(rw.find("\"prod\" scope.") != std::string::npos);
  CHECK(rw.find("Mode: read-write.") != std::string::npos);
}

TEST_CASE("ping answers {} and unimplemented methods are not found") {
  Fixture f;
  CHECK(f.call(R"({"jsonrpc":"2.0","id":"p","method":"ping"})").dump() ==
        R"({"id":"p","jsonrpc":"2.0","result":{}})");
  for (const char* method : {"resources/list", "resources/read", "prompts/list", "prompts/get",
                             "completion/complete", "server/discover", "tools/frobnicate"}) {
    CAPTURE(method);
    const json r = f.call(std::string(R"({"jsonrpc":"2.0","id":3,"method":")") + method + "\"}");
    CHECK(r["error"]["code"] == kMethodNotFound);
    CHECK(r["error"]["message"] == std::string("Method not found: ") + method);
    CHECK(r["id"] == 3);
  }
}

TEST_CASE("notifications and responses are never answered; invalid messages are") {
  Fixture f;
  CHECK(f.call(R"({"jsonrpc":"2.0","method":"notifications/initialized"})") == "no response");
  CHECK(f.call(R"({"jsonrpc":"2.0","method":"notifications/unknown"})") == "no response");
  CHECK(f.call(R"({"jsonrpc":"2.0","method":"ping"})") == "no response");
  CHECK(f.call(R"({"jsonrpc":"2.0","id":4,"result":{}})") == "no response");
  CHECK(
      f.call(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":99}})") ==
      "no response");
  CHECK(f.call(R"({"jsonrpc":"1.0","id":4,"method":"ping"})").dump() ==
        R"({"error":{"code":-32600,"message":"Invalid Request: jsonrpc must be \"2.0\""},)"
        R"("id":4,"jsonrpc":"2.0"})");
}

TEST_CASE("tools/list is shaped per version and paginated with opaque cursors") {
  Fixture f;
  f.context.protocol_version = "2024-11-05";
  json r = f.call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
  REQUIRE(r["result"]["tools"].size() == 3);
  CHECK_FALSE(r["result"]["tools"][0].contains("title"));
  CHECK_FALSE(r["result"]["tools"][0].contains("outputSchema"));
  CHECK_FALSE(r["result"].contains("nextCursor"));
  f.context.protocol_version = "2025-11-25";
  r = f.call(R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
  CHECK(r["result"]["tools"][0]["title"] == "Fake");

  InFlightRequests in_flight;
  Dispatcher paged(ServerOptions{"demo", "", true, 2}, f.tools, in_flight);
  RequestContext c{"2025-11-25", nullptr, "", "", "", {}};
  auto first = paged.handle(classify_message(json::parse(
                                R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}})")),
                            c);
  REQUIRE(first->at("result")["tools"].size() == 2);
  const json cursor = first->at("result")["nextCursor"];
  json next = {
      {"jsonrpc", "2.0"}, {"id", 2}, {"method", "tools/list"}, {"params", {{"cursor", cursor}}}};
  auto second = paged.handle(classify_message(next), c);
  REQUIRE(second->at("result")["tools"].size() == 1);
  CHECK(second->at("result")["tools"][0]["name"] == "third");
  CHECK_FALSE(second->at("result").contains("nextCursor"));
  next["params"]["cursor"] = "forged";
  CHECK(paged.handle(classify_message(next), c)->dump() ==
        R"({"error":{"code":-32602,"message":"Invalid params: invalid cursor"},"id":2,)"
        R"("jsonrpc":"2.0"})");
}

TEST_CASE("tools/call validates its params and reports unknown tools as -32602") {
  Fixture f;
  struct Case {
    const char* params;
    const char* message;
  };
  const Case cases[] = {
      {R"(null)", "Invalid params: params must be an object"},
      {R"({})", "Invalid params: name must be a string"},
      {R"({"name":7})", "Invalid params: name must be a string"},
      {R"({"name":"echo","arguments":[1]})", "Invalid params: arguments must be an object"},
      {R"({"name":"echo","arguments":"x"})", "Invalid params: arguments must be an object"},
      {R"({"name":"nope"})", "Unknown tool: nope"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.params);
    const json r = f.call(
        std::string(R"({"jsonrpc":"2.0","id":5,"method":"tools/call","params":)") + c.params + "}");
    CHECK(r["error"]["code"] == kInvalidParams);
    CHECK(r["error"]["message"] == c.message);
  }
}

TEST_CASE("tools/call returns the tool's outcome, shaped per version") {
  Fixture f;
  const char* text = R"({"jsonrpc":"2.0","id":6,"method":"tools/call",
      "params":{"name":"echo","arguments":{"a":1}}})";
  json r = f.call(text);
  CHECK(r["result"].dump() == R"({"content":[{"text":"{\"a\":1}","type":"text"}],"isError":false,)"
                              R"("structuredContent":{"echo":{"a":1}}})");
  f.context.protocol_version = "2025-03-26";
  r = f.call(text);
  CHECK_FALSE(r["result"].contains("structuredContent"));
  r = f.call(R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo"}})");
  CHECK(r["result"]["content"][0]["text"] == "{}");  // absent arguments are {}
  r = f.call(R"({"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"boom"}})");
  CHECK(r.dump() ==
        R"({"error":{"code":-32603,"message":"Internal error: the tool failed"},"id":8,)"
        R"("jsonrpc":"2.0"})");
}

TEST_CASE("progress notifications increase and stop when the call completes") {
  InFlightRequests in_flight;
  std::function<void(double, std::optional<double>, const std::string&)> kept;
  ToolList tools = {std::make_shared<FakeTool>("slow", [&](const json&, ToolCallContext& c) {
    REQUIRE(c.report_progress);
    c.report_progress(1, 10, "first");
    c.report_progress(1, 10, "same");     // not an increase: dropped
    c.report_progress(0.5, 10, "lower");  // dropped
    c.report_progress(2.5, std::nullopt, "");
    kept = c.report_progress;
    return ToolOutcome::error("done");
  })};
  Dispatcher d(ServerOptions{"demo", "", true, 10}, tools, in_flight);
  std::vector<json> sent;
  RequestContext c{"2025-11-25", nullptr, "", "", "", [&](const json& n) { sent.push_back(n); }};
  const json request = json::parse(R"({"jsonrpc":"2.0","id":1,"method":"tools/call",
      "params":{"name":"slow","_meta":{"progressToken":"tok"}}})");
  const auto response = d.handle(classify_message(request), c);
  REQUIRE(response.has_value());
  CHECK((*response)["result"]["isError"] == true);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].dump() ==
        R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"message":"first",)"
        R"("progress":1.0,"progressToken":"tok","total":10.0}})");
  CHECK(sent[1].dump() ==
        R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":2.5,)"
        R"("progressToken":"tok"}})");
  kept(99, std::nullopt, "after completion");
  CHECK(sent.size() == 2);
}

TEST_CASE("without a progress token or a stream there is no reporter") {
  InFlightRequests in_flight;
  bool had_reporter = true;
  ToolList tools = {std::make_shared<FakeTool>("t", [&](const json&, ToolCallContext& c) {
    had_reporter = static_cast<bool>(c.report_progress);
    return ToolOutcome{};
  })};
  Dispatcher d(ServerOptions{"demo", "", true, 10}, tools, in_flight);
  RequestContext no_stream{"2025-11-25", nullptr, "", "", "", {}};
  d.handle(classify_message(json::parse(R"({"jsonrpc":"2.0","id":1,"method":"tools/call",
      "params":{"name":"t","_meta":{"progressToken":1}}})")),
           no_stream);
  CHECK_FALSE(had_reporter);
  RequestContext stream{"2025-11-25", nullptr, "", "", "", [](const json&) {}};
  d.handle(classify_message(json::parse(
               R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t"}})")),
           stream);
  CHECK_FALSE(had_reporter);
}

// A tool that waits until its call is cancelled (bounded), after saying it started.
std::shared_ptr<FakeTool> waiting_tool(std::promise<void>& started) {
  return std::make_shared<FakeTool>("wait", [&started](const json&, ToolCallContext& c) {
    started.set_value();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!c.cancel->is_cancelled() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::yield();
    }
    return ToolOutcome::error("cancelled");
  });
}

TEST_CASE("notifications/cancelled cancels the running call, which then gets no response") {
  InFlightRequests in_flight;
  std::promise<void> started;
  ToolList tools = {waiting_tool(started)};
  Dispatcher d(ServerOptions{"demo", "", true, 10}, tools, in_flight);
  auto session = std::make_shared<Session>("sid", "client", "2025-11-25", false, 0);
  RequestContext c{"2025-11-25", session, "client", "", "", {}};
  auto running = std::async(std::launch::async, [&] {
    RequestContext own = c;
    return d.handle(
        classify_message(json::parse(
            R"({"jsonrpc":"2.0","id":"q1","method":"tools/call","params":{"name":"wait"}})")),
        own);
  });
  started.get_future().wait();
  // Another session's cancellation does not reach it.
  RequestContext other{"2025-11-25", std::make_shared<Session>("other", "client", "", false, 0),
                       "client",     "",
                       "",           {}};
  const Message cancel = classify_message(json::parse(
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"q1"}})"));
  CHECK_FALSE(d.handle(cancel, other).has_value());
  CHECK(in_flight.size() == 2);
  CHECK_FALSE(d.handle(cancel, c).has_value());
  CHECK_FALSE(running.get().has_value());
  CHECK(in_flight.size() == 0);
}

TEST_CASE("a cancellation without the session header still reaches the caller's request") {
  InFlightRequests in_flight;
  std::promise<void> started;
  ToolList tools = {waiting_tool(started)};
  Dispatcher d(ServerOptions{"demo", "", true, 10}, tools, in_flight);
  auto session = std::make_shared<Session>("sid", "client", "2025-11-25", false, 0);
  auto running = std::async(std::launch::async, [&] {
    RequestContext own{"2025-11-25", session, "client", "alice", "", {}};
    return d.handle(
        classify_message(json::parse(
            R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"wait"}})")),
        own);
  });
  started.get_future().wait();
  const Message cancel = classify_message(json::parse(
      R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4}})"));
  RequestContext someone_else{"2025-03-26", nullptr, "client", "bob", "", {}};
  d.handle(cancel, someone_else);
  CHECK(in_flight.size() == 2);  // by session and by identity
  RequestContext sessionless{"2025-03-26", nullptr, "client", "alice", "", {}};
  d.handle(cancel, sessionless);
  CHECK_FALSE(running.get().has_value());
  CHECK(in_flight.size() == 0);
}

TEST_CASE("a client gone from a cancel_on_disconnect request cancels its running call") {
  InFlightRequests in_flight;
  std::promise<void> started;
  Dispatcher d(ServerOptions{"demo", "", true, 10}, {waiting_tool(started)}, in_flight);
  int fds[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  auto running = std::async(std::launch::async, [&] {
    const http::ServingConnection serving(fds[0]);  // as DeadlineServer marks its threads
    RequestContext own{"2025-11-25", nullptr, "client", "", "", {}};
    own.cancel_on_disconnect = true;
    return d.handle(
        classify_message(json::parse(
            R"({"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"wait"}})")),
        own);
  });
  started.get_future().wait();
  close(fds[1]);  // the client leaves
  CHECK_FALSE(running.get().has_value());
  close(fds[0]);
}

TEST_CASE("the request's disconnected token cancels its running call") {
  InFlightRequests in_flight;
  std::promise<void> started;
  Dispatcher d(ServerOptions{"demo", "", true, 10}, {waiting_tool(started)}, in_flight);
  auto gone = std::make_shared<CancellationToken>();
  auto running = std::async(std::launch::async, [&] {
    RequestContext own{"2025-11-25", nullptr, "client", "", "", {}};
    own.disconnected = gone;  // a stream write failed
    return d.handle(
        classify_message(json::parse(
            R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"wait"}})")),
        own);
  });
  started.get_future().wait();
  gone->cancel();
  CHECK_FALSE(running.get().has_value());
}

TEST_CASE("logging/setLevel accepts syslog levels only") {
  Fixture f;
  f.context.session = std::make_shared<Session>("sid", "client", "2025-11-25", false, 0);
  CHECK(f.call(R"({"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"debug"}})")
            .dump() == R"({"id":1,"jsonrpc":"2.0","result":{}})");
  CHECK(f.context.session->log_level() == "debug");
  for (const char* params : {R"({"level":"verbose"})", R"({"level":3})", R"({})", "null"}) {
    CAPTURE(params);
    const json r =
        f.call(std::string(R"({"jsonrpc":"2.0","id":2,"method":"logging/setLevel","params":)") +
               params + "}");
    CHECK(r["error"]["code"] == kInvalidParams);
    CHECK(r["error"]["message"] ==
          "Invalid params: level must be one of debug, info, notice, warning, error, critical, "
          "alert, emergency");
  }
  CHECK(f.context.session->log_level() == "debug");
}

TEST_CASE("handle_body answers a batch in order and refuses initialize inside it") {
  Fixture f;
  const ParseOutcome parsed = parse_body(
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"notifications/x"},
          {"jsonrpc":"2.0","id":2,"method":"initialize","params":{}},
          {"jsonrpc":"2.0","id":3,"method":"nope"}])",
      ParseLimits{});
  REQUIRE_FALSE(parsed.error.has_value());
  const auto responses = f.dispatcher.handle_body(parsed.body, f.context);
  REQUIRE(responses.size() == 3);
  CHECK(responses[0]["id"] == 1);
  CHECK(responses[1].dump() ==
        R"({"error":{"code":-32600,"message":"Invalid Request: initialize must not be part of a )"
        R"(batch"},"id":2,"jsonrpc":"2.0"})");
  CHECK(responses[2]["error"]["code"] == kMethodNotFound);
}

TEST_CASE("the calls of a batch share one result budget; past it they answer -32010") {
  InFlightRequests in_flight;
  std::vector<std::int64_t> caps;  // the budget each call was offered
  auto fill = std::make_shared<FakeTool>("fill", [&caps](const json&, ToolCallContext& call) {
    caps.push_back(call.result_budget_bytes);
    ToolOutcome o;
    // A tool that keeps what its cap allows, as the database tools do.
    const std::int64_t keep =
        call.result_budget_bytes < 0 ? 600 : std::min<std::int64_t>(600, call.result_budget_bytes);
    o.content.push_back({{"type", "text"}, {"text", std::string(static_cast<size_t>(keep), 'x')}});
    return o;
  });
  ServerOptions options{"demo", "", true, 100};
  options.max_result_bytes = 1000;
  Dispatcher d(options, ToolList{fill}, in_flight);
  std::string batch = "[";
  for (int i = 1; i <= 4; ++i) {
    batch += fmt::format(
        R"({}{{"jsonrpc":"2.0","id":{},"method":"tools/call","params":{{"name":"fill"}}}})",
        i == 1 ? "" : ",", i);
  }
  batch += R"(,{"jsonrpc":"2.0","id":5,"method":"ping"}])";
  const ParseOutcome parsed = parse_body(batch, ParseLimits{});
  REQUIRE_FALSE(parsed.error.has_value());
  RequestContext c{"2025-03-26", nullptr, "client", "", "req-1", {}};
  const auto responses = d.handle_body(parsed.body, c);
  REQUIRE(responses.size() == 5);
  // The first call's result (600 bytes of text, more as serialized) leaves under 400 bytes; the
  // second keeps only that; nothing is left for the third and fourth. ping is not a call.
  REQUIRE(caps.size() == 2);
  CHECK(caps[0] == 1000);
  CHECK(caps[1] > 0);
  CHECK(caps[1] < 400);
  CHECK(responses[0].contains("result"));
  CHECK(responses[1]["result"]["content"][0]["text"].get<std::string>().size() ==
        static_cast<size_t>(caps[1]));
  for (int i : {2, 3}) {
    CHECK(responses[i]["id"] == i + 1);
    CHECK(responses[i]["error"]["code"] == kResultBudgetUsedUp);
    CHECK(responses[i]["error"]["message"] ==
          "Result budget used up: the earlier calls of this batch used the request's "
          "limits.max_result_bytes (1000 bytes); send this call in a request of its own");
  }
  CHECK(responses[4]["result"] == json::object());

  // A single request is not a batch: its call has the tool's own cap, no request budget.
  caps.clear();
  RequestContext single{"2025-03-26", nullptr, "client", "", "req-2", {}};
  const ParseOutcome one = parse_body(
      R"({"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"fill"}})", ParseLimits{});
  d.handle_body(one.body, single);
  CHECK(caps == std::vector<std::int64_t>{-1});
}

TEST_CASE("a batch holds at most 16 messages") {
  std::string batch = "[";
  for (int i = 1; i <= 17; ++i) {
    batch += fmt::format(R"({}{{"jsonrpc":"2.0","id":{},"method":"ping"}})", i == 1 ? "" : ",", i);
  }
  batch += "]";
  const ParseOutcome out = parse_body(batch, ParseLimits{});
  REQUIRE(out.error.has_value());
  CHECK(out.error->code == kInvalidRequest);
  CHECK(out.error->message == "Invalid Request: a batch holds at most 16 messages");
  CHECK(out.too_many_messages);
  const auto last = batch.rfind(R"(,{"jsonrpc")");
  CHECK_FALSE(parse_body(batch.substr(0, last) + "]", ParseLimits{}).error.has_value());
}

}  // namespace
}  // namespace gw::mcp
