#include "oauth/cimd.h"
#include "util/number.h"
#include "util/text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>

namespace gw::oauth {
namespace {

constexpr std::size_t kMaxUrlLength = 2000;
constexpr std::size_t kMaxNameBytes = 200;

// The first `max_bytes` bytes of valid UTF-8 `text`, cut before a continuation byte (10xxxxxx) so
// no character is split: the name is shown on the sign-in page and serialised as JSON, which
// refuses invalid UTF-8 (nlohmann::json::dump throws).
std::string truncate_utf8(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

// IANA IPv4 Special-Purpose Address Registry: the blocks that are not globally reachable, plus
// multicast (224/4, the IPv4 Multicast Address Space registry).
bool v4_non_public(const unsigned char* a) {
  return a[0] == 0 ||                                   // 0/8 "this network"
         a[0] == 10 ||                                  // 10/8 private
         (a[0] == 100 && (a[1] & 0xC0) == 64) ||        // 100.64/10 shared (carrier-grade NAT)
         a[0] == 127 ||                                 // 127/8 loopback
         (a[0] == 169 && a[1] == 254) ||                // 169.254/16 link-local
         (a[0] == 172 && (a[1] & 0xF0) == 16) ||        // 172.16/12 private
         (a[0] == 192 && a[1] == 0 && a[2] == 0) ||     // 192.0.0/24 protocol assignments
         (a[0] == 192 && a[1] == 0 && a[2] == 2) ||     // 192.0.2/24 documentation
         (a[0] == 192 && a[1] == 88 && a[2] == 99) ||   // 192.88.99/24 6to4 relay (deprecated)
         (a[0] == 192 && a[1] == 168) ||                // 192.168/16 private
         (a[0] == 198 && (a[1] & 0xFE) == 18) ||        // 198.18/15 benchmarking
         (a[0] == 198 && a[1] == 51 && a[2] == 100) ||  // 198.51.100/24 documentation
         (a[0] == 203 && a[1] == 0 && a[2] == 113) ||   // 203.0.113/24 documentation
         a[0] >= 224;  // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
}

bool v6_non_public(const std::array<unsigned char, 16>& a) {
  // ::ffff:0:0/96 IPv4-mapped: a connect reaches the IPv4 address itself.
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(a.data(), kMapped, 12) == 0) return v4_non_public(a.data() + 12);
  // 64:ff9b::/96 NAT64 (RFC 6052): the translator reaches the embedded IPv4 address.
  static constexpr unsigned char kNat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(a.data(), kNat64, 12) == 0) return v4_non_public(a.data() + 12);
  // Only global unicast 2000::/3 is public (IANA IPv6 Address Space). Outside it: ::/128, ::1,
  // ::a.b.c.d (IPv4-compatible, deprecated), ::ffff:0:a.b.c.d (IPv4-translated), 64:ff9b:1::/48,
  // 100::/64 discard-only, 5f00::/16 SRv6, fc00::/7 unique local, fe80::/10 link-local, fec0::/10
  // site-local, ff00::/8 multicast, and the unallocated rest.
  if ((a[0] & 0xE0) != 0x20) return true;
  // Inside it, the IPv6 Special-Purpose registry's blocks that are not globally reachable or that
  // tunnel to an IPv4 address the packet names:
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] < 0x02) return true;  // 2001::/23 IETF (Teredo /32)
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) return true;  // documentation
  if (a[0] == 0x20 && a[1] == 0x02) return true;                                  // 2002::/16 6to4
  if (a[0] == 0x3F && a[1] == 0xFF && (a[2] & 0xF0) == 0) return true;  // 3fff::/20 documentation
  return false;
}

}  // namespace

bool looks_like_metadata_url(std::string_view client_id) {
  return client_id.size() > 8 && client_id.substr(0, 8) == "https://";
}

Status validate_metadata_url(std::string_view client_id) {
  if (client_id.size() > kMaxUrlLength) return invalid_argument("client_id URL is too long");
  // The client_id is compared as a string (draft §4), so the scheme is the literal "https://" that
  // looks_like_metadata_url routes on, not any casing of it (found by fuzz_cimd).
  auto url = parse_url(client_id);
  if (!looks_like_metadata_url(client_id)) return invalid_argument("client_id URL must be https");
  if (!url) return invalid_argument("client_id URL: " + url.status().message());
  if (url->has_fragment) return invalid_argument("client_id URL must not contain a fragment");
  if (url->has_userinfo) return invalid_argument("client_id URL must not contain user information");
  if (url->path.empty() || url->path == "/") {
    return invalid_argument("client_id URL must have a path");
  }
  std::string_view path = url->path;
  std::size_t start = 0;
  while (start < path.size()) {
    std::size_t end = path.find('/', start + 1);
    std::string_view seg =
        path.substr(start + 1, end == std::string_view::npos ? end : end - start - 1);
    if (seg == "." || seg == "..") {
      return invalid_argument("client_id URL must not contain dot segments");
    }
    if (end == std::string_view::npos) break;
    start = end;
  }
  return Status::ok();
}

Result<ClientRecord> validate_metadata_document(std::string_view client_id, std::string_view body,
                                                const RedirectPolicy& policy, std::int64_t now) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return invalid_argument("client metadata document is not a JSON object");
  }
  if (!doc.contains("client_id") || !doc["client_id"].is_string() ||
      doc["client_id"].get<std::string>() != client_id) {
    return invalid_argument("client metadata document's client_id does not equal its URL");
  }
  if (!doc.contains("client_name") || !doc["client_name"].is_string() ||
      doc["client_name"].get<std::string>().empty()) {
    return invalid_argument("client metadata document has no client_name");
  }
  if (!doc.contains("redirect_uris") || !doc["redirect_uris"].is_array() ||
      doc["redirect_uris"].empty()) {
    return invalid_argument("client metadata document has no redirect_uris");
  }
  if (doc.contains("client_secret") || doc.contains("client_secret_expires_at")) {
    return invalid_argument("client metadata document must not contain a client secret");
  }
  if (doc.contains("token_endpoint_auth_method") && doc["token_endpoint_auth_method"] != "none") {
    return invalid_argument(
        "client metadata document: only token_endpoint_auth_method none is "
        "supported");
  }
  ClientRecord c;
  for (const auto& uri : doc["redirect_uris"]) {
    if (!uri.is_string()) {
      return invalid_argument("client metadata document: redirect_uris must be strings");
    }
    Status s = validate_redirect_uri(uri.get<std::string>(), policy);
    if (!s.is_ok()) return invalid_argument("client metadata document: " + s.message());
    c.redirect_uris.push_back(uri.get<std::string>());
  }
  c.client_id = std::string(client_id);
  c.client_name = truncate_utf8(doc["client_name"].get<std::string>(), kMaxNameBytes);
  c.auth_method = AuthMethod::kNone;
  c.origin = ClientOrigin::kMetadataDocument;
  c.created_at = now;
  c.metadata = {{"client_name", c.client_name}, {"redirect_uris", c.redirect_uris}};
  return c;
}

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RFC 9110 §5.6.7 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") as Unix seconds.
std::optional<std::int64_t> parse_imf_fixdate(std::string_view text) {
  text = trim(text);
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t len, std::int64_t max) {
    return parse_decimal(text.substr(at, len), 0, max);
  };
  const auto day = number(5, 2, 31);
  const auto year = number(12, 4, 9999);
  const auto hour = number(17, 2, 23);
  const auto minute = number(20, 2, 59);
  const auto second = number(23, 2, 60);
  const std::size_t month = kMonths.find(text.substr(8, 3));
  if (!day || !year || !hour || !minute || !second || month == std::string_view::npos ||
      month % 3 != 0 || text[7] != ' ' || text[11] != ' ' || text[16] != ' ' || text[19] != ':' ||
      text[22] != ':') {
    return std::nullopt;
  }
  // Days from the civil date (proleptic Gregorian), so no timegm and no TZ environment.
  std::int64_t y = *year;
  const std::int64_t m = static_cast<std::int64_t>(month / 3) + 1;
  y -= m <= 2;
  const std::int64_t era = y / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + *day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + *hour * 3600 + *minute * 60 + *second;
}

}  // namespace

std::int64_t cache_seconds(std::string_view cache_control, std::string_view expires,
                           std::string_view date) {
  std::optional<std::int64_t> max_age;
  std::string_view rest = cache_control;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string directive = to_lower(trim(rest.substr(0, comma)));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (directive == "no-store" || directive == "no-cache") return 0;
    if (directive.rfind("max-age=", 0) == 0) {
      std::string_view value = std::string_view(directive).substr(8);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);  // RFC 9111 §5.2: tolerate the quoted form
      }
      const bool digits = !value.empty() && std::all_of(value.begin(), value.end(), is_digit);
      // All digits but too large for the range: the longest we keep (RFC 9111 §1.2.2).
      if (digits) max_age = parse_decimal(value, 0, kMaxCacheSeconds).value_or(kMaxCacheSeconds);
    }
  }
  if (max_age) return *max_age;
  if (!trim(expires).empty()) {
    const auto expires_at = parse_imf_fixdate(expires);
    const auto now = parse_imf_fixdate(date);
    if (!expires_at) return 0;  // RFC 9111 §5.3: an invalid Expires means already expired
    if (now) return std::clamp<std::int64_t>(*expires_at - *now, 0, kMaxCacheSeconds);
  }
  return kDefaultCacheSeconds;
}

bool is_non_public_address(const std::string& ip) {
  std::array<unsigned char, 16> a{};
  if (inet_pton(AF_INET, ip.c_str(), a.data()) == 1) return v4_non_public(a.data());
  if (inet_pton(AF_INET6, ip.c_str(), a.data()) != 1) return true;
  return v6_non_public(a);
}

}  // namespace gw::oauth
