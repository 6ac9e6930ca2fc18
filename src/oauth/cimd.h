#pragma once
// Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document; MCP 2025-11-25 §
// Client ID Metadata Documents): a client_id that is an https URL names a JSON document describing
// the client. The pure checks live here; cimd_fetcher.h does the fetching.

#include <cstdint>
#include <string>
#include <string_view>

#include "oauth/records.h"
#include "oauth/redirect_uri.h"
#include "util/status.h"

namespace gw::oauth {

// True for a client_id that should be treated as a metadata document URL (https://…).
bool looks_like_metadata_url(std::string_view client_id);

// The draft §3: https, a path, no fragment, no user information, no "." or ".." segments.
Status validate_metadata_url(std::string_view client_id);

// The draft §4: the document's client_id equals the URL exactly; client_name and redirect_uris are
// present; each redirect URI passes the scope's policy; the client is public (no secret).
Result<ClientRecord> validate_metadata_document(std::string_view client_id, std::string_view body,
                                                const RedirectPolicy& policy, std::int64_t now);

// Seconds to cache a document from its Cache-Control header: max-age bounded to
// [0, kMaxCacheSeconds], no-store/no-cache -> 0, absent -> kDefaultCacheSeconds.
constexpr std::int64_t kDefaultCacheSeconds = 300;
constexpr std::int64_t kMaxCacheSeconds = 86400;
std::int64_t cache_seconds(std::string_view cache_control);

// SSRF guard: true for addresses a metadata fetch must not reach (loopback, private, link-local,
// unique-local, CGNAT, unspecified, multicast, IPv4-mapped forms of those). `ip` is text
// ("10.0.0.1", "::1"); unparsable text counts as not public.
bool is_non_public_address(const std::string& ip);

}  // namespace gw::oauth
