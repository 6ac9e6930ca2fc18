#pragma once
// The seam between the MCP dispatcher (src/mcp) and the tools (src/tools).
// The dispatcher lists descriptors and calls tools; it knows nothing of SQL.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/cancellation.h"

namespace gw::mcp {

// Where a tool may send the JSON text of its structured result (ToolOutcome::structured_is_text)
// while it is still writing it, so the answer leaves as rows arrive rather than after the whole
// result is in memory (README, Large results). The transport frames the answer; the tool hands
// text only. Contract: what a tool appends, in order, is the start of the text it returns as its
// success; a call that fails after its first append answers with the text cut short and an error
// block (mcp/streamed_answer.h). A result smaller than kResultStreamPiece is never appended, so
// small results and their errors keep their plain form.
class ResultTextStream {
 public:
  virtual ~ResultTextStream() = default;
  // The next bytes of the text. False: the client is gone; stop (the call is being cancelled).
  virtual bool append(std::string_view text) = 0;
};

// How much new text a tool gathers before it hands it to a ResultTextStream: the client's bytes
// lag the database by at most this (plus a row), and a smaller result never streams.
inline constexpr std::size_t kResultStreamPiece = 64 * 1024;

// Who is calling and how to reach back; filled by the transport for each tools/call.
struct ToolCallContext {
  std::string scope_name;  // "demo"
  std::string client_id;   // OAuth client id ("" when unauthenticated development mode)
  std::string user;        // signed-in user ("" when unknown)
  std::string request_id;  // the HTTP request id, for logs
  CancellationTokenPtr cancel = std::make_shared<CancellationToken>();
  // What is left of the HTTP request's result budget (the calls of a batch share one
  // limits.max_result_bytes); -1: none, the tool's own cap applies. A tool keeps no more result
  // bytes than this.
  std::int64_t result_budget_bytes = -1;
  // Set when the client sent _meta.progressToken and the transport can stream; may be empty.
  // progress MUST increase between calls (MCP basic/utilities/progress).
  std::function<void(double progress, std::optional<double> total, const std::string& message)>
      report_progress;
  // Set where the answer travels on this request's own stream (an SSE answer); null otherwise.
  ResultTextStream* result_stream = nullptr;
};

// A CallToolResult (MCP server/tools): content blocks, optional structuredContent, isError.
struct ToolOutcome {
  nlohmann::json content = nlohmann::json::array();
  nlohmann::json structured;  // null when the tool has no outputSchema
  bool is_error = false;
  // The structured result is the JSON text of the first content block (a result written as text
  // straight from the database, never built as a tree; MCP server/tools § Structured Content: the
  // text block mirrors it). structured then stays null; the transport writes the text as
  // structuredContent where the protocol version has it.
  bool structured_is_text = false;

  // The structured result as a tree, whichever way it is held (tests, and callers that inspect it).
  nlohmann::json structured_json() const {
    if (!structured_is_text) return structured;
    return nlohmann::json::parse(content.at(0).at("text").get_ref<const std::string&>());
  }

  // A tool execution error the model can read and correct (MCP: tool errors are results, not
  // protocol errors).
  static ToolOutcome error(const std::string& message) {
    ToolOutcome o;
    o.content.push_back({{"type", "text"}, {"text", message}});
    o.is_error = true;
    return o;
  }
};

class Tool {
 public:
  virtual ~Tool() = default;
  // The tools/list entry: name, title, description, inputSchema, outputSchema, annotations.
  virtual const nlohmann::json& descriptor() const = 0;
  // REQUIRES: arguments is a JSON object. Thread-safe: called concurrently from many requests.
  virtual ToolOutcome call(const nlohmann::json& arguments, ToolCallContext& context) = 0;
};

using ToolList = std::vector<std::shared_ptr<Tool>>;

}  // namespace gw::mcp
