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

// Seconds to cache a fetched document (RFC 9111 §4.2.1, as a private cache): no-store or no-cache
// -> 0; else max-age; else Expires minus Date (IMF-fixdate, RFC 9110 §5.6.7; an Expires that does
// not parse means already expired, §5.3); else kDefaultCacheSeconds. Bounded to
// [0, kMaxCacheSeconds]; numbers that do not fit count as the bound.
constexpr std::int64_t kDefaultCacheSeconds = 300;
constexpr std::int64_t kMaxCacheSeconds = 86400;
std::int64_t cache_seconds(std::string_view cache_control, std::string_view expires = {},
                           std::string_view date = {});

// SSRF guard: true for addresses a metadata fetch must not reach. IPv4: every block of the IANA
// IPv4 Special-Purpose Address Registry that is not globally reachable (loopback, private, CGNAT,
// link-local, documentation, benchmarking, 6to4 relay, reserved, multicast, broadcast). IPv6: all
// but global unicast (2000::/3, IANA IPv6 Address Space), the blocks of the IPv6 Special-Purpose
// registry that are not globally reachable or tunnel to IPv4 (2001::/23 with Teredo, 2001:db8::/32,
// 2002::/16 6to4, 3fff::/20), and every form that embeds an IPv4 address is judged by that address
// (::ffff:a.b.c.d mapped, 64:ff9b::/96 NAT64) or refused outright (::a.b.c.d compatible,
// ::ffff:0:a.b.c.d translated). `ip` is text ("10.0.0.1", "::1"); unparsable text (also a zone
// index, "fe80::1%eth0") counts as not public.
bool is_non_public_address(const std::string& ip);

}  // namespace gw::oauth
