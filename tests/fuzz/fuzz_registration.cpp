// Fuzz target: Dynamic Client Registration (RFC 7591) bodies. For any bytes register_client
// returns a client or an OAuth error; a registered client has at least one redirect URI, each
// of which passes the scope's policy on its own, the response serialises (it goes straight to the
// wire) and names the same redirect URIs, and a secret is issued exactly to confidential clients.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "oauth/oauth_error.h"
#include "oauth/registration.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const gw::oauth::RedirectPolicy kPolicy{{"claude.ai", "chatgpt.com"}, true};
  auto registered = gw::oauth::register_client(gw::fuzz::as_text(data, size), kPolicy, 1000);
  if (!registered) {
    const auto body = gw::oauth::to_error_body(registered.status());
    gw::fuzz::require(
        body.error == "invalid_redirect_uri" || body.error == "invalid_client_metadata",
        "a refused registration is an RFC 7591 §3.2.2 error");
    return 0;
  }
  const auto& client = registered->client;
  gw::fuzz::require(!client.redirect_uris.empty(), "a client has a redirect URI");
  for (const auto& uri : client.redirect_uris) {
    gw::fuzz::require(gw::oauth::validate_redirect_uri(uri, kPolicy).is_ok(),
                      "every registered redirect URI passes the policy");
  }
  registered->response.dump();
  gw::fuzz::require(registered->response["redirect_uris"] == client.redirect_uris,
                    "the response names the registered redirect URIs");
  gw::fuzz::require(registered->response.contains("client_secret") ==
                        (client.auth_method != gw::oauth::AuthMethod::kNone),
                    "a secret is issued exactly to confidential clients");
  gw::fuzz::require(
      client.secret_hash.empty() == (client.auth_method == gw::oauth::AuthMethod::kNone),
      "a confidential client's secret is stored as a hash");
  return 0;
}
