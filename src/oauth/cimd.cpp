#include "oauth/cimd.h"
#include "util/text.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>

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

bool v4_non_public(const unsigned char* a) {
  return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
         (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168) ||
         (a[0] == 100 && (a[1] & 0xC0) == 64) ||     // 100.64/10 carrier-grade NAT
         (a[0] == 192 && a[1] == 0 && a[2] == 0) ||  // 192.0.0/24 protocol assignments
         (a[0] == 198 && (a[1] & 0xFE) == 18) ||     // 198.18/15 benchmarking
         a[0] >= 224;                                // multicast, reserved, broadcast
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
  if (!url || !looks_like_metadata_url(client_id)) {
    return invalid_argument("client_id URL must be https");
  }
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

std::int64_t cache_seconds(std::string_view cache_control) {
  const std::string cc = to_lower(cache_control);
  if (cc.find("no-store") != std::string::npos || cc.find("no-cache") != std::string::npos) {
    return 0;
  }
  std::size_t pos = cc.find("max-age=");
  if (pos == std::string::npos) return kDefaultCacheSeconds;
  pos += 8;
  std::int64_t value = 0;
  bool digits = false;
  while (pos < cc.size() && cc[pos] >= '0' && cc[pos] <= '9') {
    value = std::min<std::int64_t>(value * 10 + (cc[pos] - '0'), kMaxCacheSeconds);
    digits = true;
    ++pos;
  }
  return digits ? value : kDefaultCacheSeconds;
}

bool is_non_public_address(const std::string& ip) {
  std::array<unsigned char, 16> a{};
  if (inet_pton(AF_INET, ip.c_str(), a.data()) == 1) return v4_non_public(a.data());
  if (inet_pton(AF_INET6, ip.c_str(), a.data()) != 1) return true;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::memcmp(a.data(), kMapped, 12) == 0) return v4_non_public(a.data() + 12);
  bool all_zero_but_last =
      std::all_of(a.begin(), a.begin() + 15, [](unsigned char b) { return b == 0; });
  if (all_zero_but_last && (a[15] == 0 || a[15] == 1)) return true;  // :: and ::1
  if ((a[0] & 0xFE) == 0xFC) return true;                            // fc00::/7 unique local
  if (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) return true;            // fe80::/10 link-local
  if (a[0] == 0xFF) return true;                                     // multicast
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return true;  // documentation
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b)
    return true;  // NAT64 well-known
  return false;
}

}  // namespace gw::oauth
