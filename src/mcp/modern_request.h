#pragma once
// MCP 2026-07-28 requests: which requests belong to that era, and their validation, in pure
// functions (2026-07-28 basic/index, basic/versioning, basic/transports/streamable-http).
//
// The era is chosen per request (PROTOCOL-NOTES §2.10): a 2026-only method (server/discover,
// subscriptions/listen) or any io.modelcontextprotocol/* key in params._meta makes a request a
// 2026-07-28 one, served statelessly. Everything else is an initialize-era request, including
// Claude's mixed traffic (a 2026-07-28 header without _meta; see session_policy.h).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mcp/jsonrpc.h"

namespace gw::mcp {

inline constexpr std::string_view kModernVersion = "2026-07-28";

// 2026-07-28 basic/index § Error Codes.
inline constexpr int kHeaderMismatch = -32020;
inline constexpr int kUnsupportedProtocolVersion = -32022;

// The _meta keys of 2026-07-28 requests, results and notifications.
inline constexpr const char* kMetaProtocolVersion = "io.modelcontextprotocol/protocolVersion";
inline constexpr const char* kMetaClientCapabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr const char* kMetaLogLevel = "io.modelcontextprotocol/logLevel";
inline constexpr const char* kMetaServerInfo = "io.modelcontextprotocol/serverInfo";
inline constexpr const char* kMetaSubscriptionId = "io.modelcontextprotocol/subscriptionId";

// Every version the gateway speaks, newest first: 2026-07-28, then the initialize era.
std::vector<std::string> all_supported_versions();

// Whether a message is a 2026-07-28 one (see the header).
bool is_modern_message(const Message& message);

// The raw HTTP headers the validation reads; nullopt when absent.
struct ModernHeaders {
  std::optional<std::string> protocol_version;  // MCP-Protocol-Version
  std::optional<std::string> method;            // Mcp-Method
  std::optional<std::string> name;              // Mcp-Name
};

// A header value as the spec compares it: optional whitespace around it removed (RFC 9110 §5.5),
// and a `=?base64?...?=` value decoded (2026-07-28 streamable-http § Standard Headers).
// nullopt when the base64 form does not decode.
std::optional<std::string> header_value(std::string_view raw);

// A valid 2026-07-28 request.
struct ModernRequest {
  std::string version;
  nlohmann::json client_capabilities;  // an object
  std::string log_level;               // "" when the request asked for no log messages
};

// A refusal: the HTTP status and the JSON-RPC error.
struct ModernRefusal {
  int http_status;
  RpcError error;
};

// Validates one 2026-07-28 request or notification against its headers, in the spec's order:
// _meta present with protocolVersion and clientCapabilities (400, -32602); MCP-Protocol-Version
// equal to the _meta version (400, -32020); Mcp-Method equal to the method, Mcp-Name equal to
// params.name (tools/call, prompts/get) or params.uri (resources/read) (400, -32020); a version
// we serve in this era (400, -32022 with data {supported, requested}).
std::variant<ModernRequest, ModernRefusal> validate_modern(const Message& message,
                                                           const ModernHeaders& headers);

// Methods of 2026-07-28 that this gateway serves; every other method gets HTTP 404 with -32601,
// including those the revision removed (initialize, ping, logging/setLevel, resources/subscribe).
bool is_modern_method(std::string_view method);

}  // namespace gw::mcp
