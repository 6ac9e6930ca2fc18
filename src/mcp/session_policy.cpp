#include "mcp/session_policy.h"

#include "mcp/protocol_version.h"

namespace gw::mcp {

namespace {
SessionDecision refuse(SessionVerdict verdict, int status, std::string message) {
  return SessionDecision{verdict, status, "", std::move(message)};
}
}  // namespace

SessionDecision decide_session(const SessionFacts& f) {
  if (f.is_initialize) return SessionDecision{SessionVerdict::kInitialize, 0, "", ""};
  if (f.session_header_present && !f.session_live) {
    return refuse(SessionVerdict::kUnknownSession, 404,
                  "Session not found: it expired or was ended; send initialize to start a new one");
  }
  const bool has_header = !f.header_version.empty();
  if (has_header && !is_well_formed_version(f.header_version)) {
    return refuse(SessionVerdict::kBadVersionHeader, 400,
                  "Bad Request: malformed MCP-Protocol-Version header (supported: " +
                      supported_versions_text() + ")");
  }
  if (f.session_live)
    return SessionDecision{SessionVerdict::kWithSession, 0, f.session_version, ""};
  std::string version = has_header ? f.header_version : std::string(kAssumedVersion);
  if (has_header && !is_supported_version(f.header_version)) {
    // ISO dates compare as strings. A newer revision without _meta is Claude's mixed traffic
    // (see the header): served as our newest. An older unknown one is refused.
    if (f.header_version < kLatestVersion) {
      return refuse(SessionVerdict::kBadVersionHeader, 400,
                    "Bad Request: unsupported MCP-Protocol-Version " + f.header_version +
                        " (supported: " + supported_versions_text() + ")");
    }
    version = std::string(kLatestVersion);
  }
  if (f.stateless_allowed) return SessionDecision{SessionVerdict::kStateless, 0, version, ""};
  return refuse(SessionVerdict::kMissingSession, 400,
                "Bad Request: Mcp-Session-Id header is required; send initialize first");
}

}  // namespace gw::mcp
