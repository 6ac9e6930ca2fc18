#pragma once
// THE session policy of the Streamable HTTP transport's initialize era, in one pure function.
// 2026-07-28 requests (modern_request.h) never reach it: they have no sessions.
//
// The spec lets a server require Mcp-Session-Id after initialize (400 when missing, 404 when
// unknown: 2025-11-25 basic/transports § Session Management). Real clients drop the header
// (claude.ai on notifications/initialized, ChatGPT on later POSTs; PROTOCOL-NOTES §2.7), and the
// bearer token, not the session, carries identity. So:
//   - initialize is always served and mints a new session, whatever headers it carries;
//   - a session id that names no live session (unknown, expired, ended, another client's): 404,
//     so that clients re-initialize;
//   - a malformed MCP-Protocol-Version header: 400 (§2.8);
//   - a live session: served at the session's negotiated version; the header is ignored (Claude
//     has sent 2026-07-28 on 2025-11-25 sessions);
//   - no session id, and a well-formed header naming a version NEWER than our newest (Claude's
//     connector sends MCP-Protocol-Version: 2026-07-28, Mcp-Method and Mcp-Name on tools/list,
//     tools/call and notifications after negotiating 2025-11-25, with neither Mcp-Session-Id nor
//     _meta: CodeWithCJ/SparkyFitness#2155, anthropics/claude-ai-mcp#70 and #99,
//     getmunin/munin#672): served as our newest version, exactly as if the header named it;
//   - no session id and a well-formed header naming an unknown version OLDER than our newest:
//     400 (2025-06-18 transports § Protocol Version Header: an unsupported version is refused);
//   - no session id, and only tools/list, tools/call, ping, notifications or responses: served
//     statelessly at the header's version, or 2025-03-26 without one (§2.8);
//   - no session id for anything else (logging/setLevel, unknown methods): 400.

#include <string>

namespace gw::mcp {

struct SessionFacts {
  bool is_initialize = false;      // the body is one initialize request
  bool stateless_allowed = false;  // every message may be served without a session
  bool session_header_present = false;
  bool session_live = false;    // the header names a live session of this scope and client
  std::string session_version;  // the live session's negotiated version
  std::string header_version;   // MCP-Protocol-Version; "" when absent
};

enum class SessionVerdict {
  kInitialize,        // serve; a session is minted if initialize succeeds
  kWithSession,       // serve within the live session
  kStateless,         // serve without a session
  kUnknownSession,    // 404
  kBadVersionHeader,  // 400: malformed, or an unknown version older than our newest
  kMissingSession,    // 400
};

struct SessionDecision {
  SessionVerdict verdict;
  int http_status = 0;  // 0 when the request is served
  std::string version;  // the protocol version to serve at ("" for initialize: negotiated)
  std::string message;  // the JSON-RPC -32600 message when refused
};

SessionDecision decide_session(const SessionFacts& facts);

}  // namespace gw::mcp
