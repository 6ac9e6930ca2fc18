#pragma once
// Loopback fixtures for the transport tests: a bare cpp-httplib server on a port the OS picks,
// serving both transports of one ScopeEndpoint, and small HTTP/SSE clients. Test code only.

#include <doctest/doctest.h>
#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "mcp/legacy_sse.h"
#include "mcp/streamable_http.h"

namespace gw::mcp::testing {

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

inline Reply post(int port, const std::string& path, const std::string& body,
                  httplib::Headers headers = {}) {
  httplib::Client client("127.0.0.1", port);
  if (!headers.count("Accept")) headers.emplace("Accept", "application/json, text/event-stream");
  auto res = client.Post(path.c_str(), headers, body, "application/json");
  REQUIRE(res);
  return Reply{res->status, res->body, res->headers};
}

inline const char* kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",
        "capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

inline std::string initialize_body(const std::string& version) {
  std::string s = kInitialize;
  s.replace(s.find("%s"), 2, version);
  return s;
}

inline std::string open_session(int port, const std::string& version) {
  const Reply r = post(port, "/demo/mcp", initialize_body(version));
  REQUIRE(r.status == 200);
  REQUIRE(r.message()["result"]["protocolVersion"] == version);
  return r.header("Mcp-Session-Id");
}

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

}  // namespace gw::mcp::testing
