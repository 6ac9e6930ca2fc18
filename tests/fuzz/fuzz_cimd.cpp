// Fuzz target: Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document §3,
// §4). The input is "client_id\ndocument". For any bytes: the URL and document checks return; an
// accepted document yields a public client with the URL as its id and only redirect URIs that pass
// the policy; cache lifetimes stay within their bounds; the SSRF address check returns.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "oauth/cimd.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const gw::oauth::RedirectPolicy kPolicy{{"claude.ai", "chatgpt.com"}, true};
  const auto [client_id, body] = gw::fuzz::split_first_line(gw::fuzz::as_text(data, size));
  const bool url_ok = gw::oauth::validate_metadata_url(client_id).is_ok();
  if (url_ok) {
    gw::fuzz::require(gw::oauth::looks_like_metadata_url(client_id),
                      "a valid metadata URL looks like one");
  }
  auto client = gw::oauth::validate_metadata_document(client_id, body, kPolicy, 1000);
  if (client) {
    gw::fuzz::require(client->client_id == client_id, "the document's client is the URL");
    gw::fuzz::require(
        client->secret_hash.empty() && client->auth_method == gw::oauth::AuthMethod::kNone,
        "a metadata document client is public");
    gw::fuzz::require(!client->redirect_uris.empty(), "a metadata client has a redirect URI");
    for (const auto& uri : client->redirect_uris) {
      gw::fuzz::require(gw::oauth::validate_redirect_uri(uri, kPolicy).is_ok(),
                        "every document redirect URI passes the policy");
    }
    client->metadata.dump();
  }
  const std::int64_t seconds = gw::oauth::cache_seconds(body);
  gw::fuzz::require(seconds >= 0 && seconds <= gw::oauth::kMaxCacheSeconds,
                    "cache lifetime within [0, kMaxCacheSeconds]");
  gw::oauth::is_non_public_address(std::string(client_id));
  return 0;
}
