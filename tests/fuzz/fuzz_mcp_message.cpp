// Fuzz target: any POST body goes through the MCP core without a crash, and every answer is a JSON-RPC 2.0
// response: an object with "jsonrpc":"2.0" and exactly one of result and error (MCP basic/index § Responses).
// The input's first byte picks the protocol version in force, the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mcp/dispatcher.h"
#include "mcp/jsonrpc.h"
#include "mcp/protocol_version.h"
#include "mcp/streamable_http.h"

namespace {

class EchoTool final : public gw::mcp::Tool {
 public:
  const nlohmann::json& descriptor() const override { return descriptor_; }
  gw::mcp::ToolOutcome call(const nlohmann::json& arguments, gw::mcp::ToolCallContext& context) override {
    if (context.report_progress) context.report_progress(1, 2, "half");
    gw::mcp::ToolOutcome o;
    o.content.push_back({{"type", "text"}, {"text", arguments.dump()}});
    o.structured = {{"echo", arguments}};
    return o;
  }

 private:
  nlohmann::json descriptor_ = {{"name", "echo"}, {"title", "Echo"}, {"description", "Echoes"},
                                {"inputSchema", {{"type", "object"}}}, {"outputSchema", {{"type", "object"}}}};
};

void check_response(const nlohmann::json& r) {
  if (!r.is_object() || r.value("jsonrpc", "") != "2.0" || r.contains("result") == r.contains("error")) {
    __builtin_trap();
  }
  gw::mcp::to_wire(r);  // must not throw, whatever bytes the input held
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static gw::mcp::InFlightRequests in_flight;
  static gw::mcp::Dispatcher dispatcher({"demo", "Demo", true, 1},
                                        gw::mcp::ToolList{std::make_shared<EchoTool>(),
                                                          std::make_shared<EchoTool>()},
                                        in_flight);
  const auto& versions = gw::mcp::supported_versions();
  const std::string version = versions[data[0] % versions.size()];
  const std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  gw::mcp::ParseLimits limits;
  limits.max_bytes = 1 << 20;
  const gw::mcp::ParseOutcome parsed = gw::mcp::parse_body(body, limits);
  if (parsed.error) {
    check_response(gw::mcp::make_error(nullptr, *parsed.error));
    return 0;
  }
  gw::mcp::facts_of(parsed.body, data[0] & 1, nullptr, version);
  gw::mcp::wants_event_stream(parsed.body, "application/json, text/event-stream");
  gw::mcp::RequestContext context;
  context.protocol_version = version;
  context.notify = [](const nlohmann::json& n) { gw::mcp::to_wire(n); };
  for (const auto& r : dispatcher.handle_body(parsed.body, context)) check_response(r);
  return 0;
}
