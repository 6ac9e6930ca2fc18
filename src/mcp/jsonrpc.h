#pragma once
// JSON-RPC 2.0 as MCP uses it (PROTOCOL-NOTES §1): parsing a POST body into messages, and building
// responses. Pure functions; no transport knowledge.

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::mcp {

// JSON-RPC 2.0 §5.1 error codes.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
// JSON-RPC 2.0 §5.1 leaves -32000..-32099 to the implementation: the calls of a batch past the
// request's result budget (Dispatcher::handle_body).
inline constexpr int kResultBudgetUsedUp = -32010;

struct RpcError {
  int code = kInternalError;
  std::string message;
  nlohmann::json data;  // null: no "data" member
};

enum class MessageKind { kRequest, kNotification, kResponse, kInvalid };

struct Message {
  MessageKind kind = MessageKind::kInvalid;
  // A string or an integer for requests and responses; null when absent or unreadable.
  nlohmann::json id;
  std::string method;
  nlohmann::json params;  // an object, or null when absent
  RpcError error;         // why the message is invalid (kInvalid only)
};

struct ParseLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;
  // Deeper JSON is refused before parsing, so hostile nesting cannot exhaust the stack.
  int max_depth = 64;
  // One HTTP request is one unit of work and one result budget (Dispatcher::handle_body): a batch
  // of more messages is refused whole (-32600) before any of them runs.
  std::size_t max_batch = 16;
};

struct ParsedBody {
  bool is_batch = false;
  std::vector<Message> messages;  // at least one when there is no error
};

struct ParseOutcome {
  std::optional<RpcError> error;   // the body as a whole is unusable (answer with no id)
  bool too_large = false;          // the error is the size limit (HTTP 413)
  bool too_many_messages = false;  // the error is ParseLimits::max_batch
  ParsedBody body;
};

ParseOutcome parse_body(std::string_view body, const ParseLimits& limits);

// One JSON value as a JSON-RPC message.
Message classify_message(const nlohmann::json& value);

// The maximum bracket nesting of a JSON text, counting no further than stop_after + 1.
int nesting_depth(std::string_view text, int stop_after);

nlohmann::json make_result(const nlohmann::json& id, nlohmann::json result);
// A null id is omitted: 2025-11-25 basic/index § Responses allows that when the id is unreadable.
nlohmann::json make_error(const nlohmann::json& id, const RpcError& error);
nlohmann::json make_notification(std::string method, nlohmann::json params);

// A structuredContent that stands for the JSON text of its result's first content block (a tool
// result encoded as text, ToolOutcome::structured_is_text): to_wire writes that text in its place,
// so a large result is held once and encoded once. Never produced by parsing.
nlohmann::json structured_from_text();

// JSON text of the gateway's own encoding (result_encoder.h: no raw control characters, valid
// UTF-8) written as the inside of a JSON string: only quotes and backslashes need escaping, and the
// bytes equal what dump() writes for that string. Escaping is per byte and those two are ASCII, so
// the text may be handed over in pieces cut anywhere.
void append_json_text_escaped(std::string& out, std::string_view json_text);

// Serialises for the wire; invalid UTF-8 coming from a database is replaced, never thrown on.
std::string to_wire(const nlohmann::json& message);
// Whether message carries results held as text (structured_from_text) of kLargeAnswerBytes or more:
// worth writing in pieces (chunked) rather than as one string. Smaller answers keep a
// Content-Length: cpp-httplib writes no chunk once the server is stopping, so an answer sent
// chunked while a graceful shutdown waits for it would arrive empty; only a large one risks that.
inline constexpr std::size_t kLargeAnswerBytes = 1 << 20;
bool is_large_answer(const nlohmann::json& message);
// The same bytes as to_wire, handed to emit in pieces of about 64 KiB as they are written, so a
// large answer is not held a second time as one string. Stops at the first piece emit refuses
// (false: the client is gone). The bytes hold no raw line break (JSON escapes them), so they may
// form one SSE data line.
bool write_wire(const nlohmann::json& message, const std::function<bool(std::string_view)>& emit);

}  // namespace gw::mcp
