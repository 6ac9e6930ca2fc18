#pragma once
// MCP protocol revisions this gateway speaks, negotiation, and the per-revision feature switches
// (PROTOCOL-NOTES §0, §1.1, §2.8, §4.1).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::mcp {

inline constexpr std::string_view kLatestVersion = "2025-11-25";
// Spec 2025-06-18 transports §Protocol Version Header: with no header and no other way to know,
// the server SHOULD assume 2025-03-26.
inline constexpr std::string_view kAssumedVersion = "2025-03-26";

// Newest first.
const std::vector<std::string>& supported_versions();
bool is_supported_version(std::string_view version);
// "2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05", for error messages.
std::string supported_versions_text();

// lifecycle §Version Negotiation: echo a supported requested version, else answer our latest.
// Never an error, whatever the client asked for (including 2026-07-28).
std::string negotiate_version(std::string_view requested);

// The shape of a revision: YYYY-MM-DD with plausible month and day. An MCP-Protocol-Version header
// that is not of this shape is "malformed" (400 even with a session, PROTOCOL-NOTES §2.8).
bool is_well_formed_version(std::string_view version);

// What a revision's schema contains; used to shape outgoing messages for older sessions.
struct VersionFeatures {
  bool batches;              // 2025-03-26 only: receivers MUST accept JSON-RPC batches
  bool tool_annotations;     // 2025-03-26+
  bool structured_content;   // 2025-06-18+: structuredContent, outputSchema
  bool titles;               // 2025-06-18+: title on Tool and Implementation
  bool icons_and_execution;  // 2025-11-25: icons, Tool.execution,
                             // Implementation.description/websiteUrl
};
// REQUIRES: is_supported_version(version); an unsupported one gets the latest's features.
VersionFeatures features_of(std::string_view version);

}  // namespace gw::mcp
