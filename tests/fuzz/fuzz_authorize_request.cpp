// Fuzz target: GET /authorize query strings (OAuth 2.1 §4.1.1) through the authorization endpoint
// as the HTTP layer calls it. For any query: the endpoint answers a page or a redirect; a redirect
// goes only to a URI registered for the client (§7.5.2: never an open redirector) and carries no
// byte that could split the Location header; a validated request grants only supported scopes and
// names this scope's resource.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.h"
#include "oauth/authorization_endpoint.h"
#include "oauth/journal_store.h"
#include "oauth/redirect_uri.h"

namespace {

using gw::oauth::ClientRecord;

ClientRecord make_client(std::string id, std::vector<std::string> redirect_uris) {
  ClientRecord c;
  c.client_id = std::move(id);
  c.client_name = "Claude <b>&amp;";
  c.redirect_uris = std::move(redirect_uris);
  return c;
}

const ClientRecord kClients[] = {
    make_client("c1",
                {"https://claude.ai/api/mcp/auth_callback", "http://127.0.0.1:3000/callback"}),
    make_client("c2", {"https://chatgpt.com/connector_platform_oauth_redirect?x=1"}),
};

gw::Result<ClientRecord> resolve(const std::string& client_id) {
  for (const auto& c : kClients) {
    if (c.client_id == client_id) return c;
  }
  return gw::invalid_argument("unknown client_id");
}

struct Server {
  gw::ManualClock clock;
  std::unique_ptr<gw::oauth::JournalStore> store = gw::oauth::JournalStore::in_memory();
  gw::oauth::TokenService tokens{*store,
                                 clock,
                                 gw::oauth::scope_urls("https://h", "/demo"),
                                 {"mssql.read", "mssql.write"},
                                 {}};
  gw::oauth::AuthorizationEndpoint endpoint{
      tokens, clock, resolve, {}, gw::oauth::SignInMode::kPassword, "demo"};
};

void check_request(const gw::oauth::Params& query, const Server& server) {
  const std::string client_id = gw::oauth::param(query, "client_id");
  auto client = resolve(client_id);
  if (!client) return;
  auto redirect_uri = gw::oauth::trusted_redirect_uri(query, *client);
  if (!redirect_uri) return;
  gw::fuzz::require(gw::oauth::redirect_uri_registered(*redirect_uri, client->redirect_uris),
                    "the trusted redirect URI is registered for the client");
  auto request = gw::oauth::validate_authorize_request(
      query, *client, *redirect_uri, server.tokens.urls(), server.tokens.scopes_supported());
  if (!request) return;
  gw::fuzz::require(request->resource == server.tokens.urls().resource_mcp ||
                        request->resource == server.tokens.urls().resource_sse,
                    "a validated request names this scope's resource");
  gw::fuzz::require(request->scope == "mssql.read" || request->scope == "mssql.write" ||
                        request->scope == "mssql.read mssql.write" ||
                        request->scope == "mssql.write mssql.read",
                    "a validated request grants only supported scopes");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Server server;
  auto query = gw::oauth::parse_form(gw::fuzz::as_text(data, size));
  if (!query) return 0;
  check_request(*query, server);
  const gw::oauth::AuthorizeResponse response = server.endpoint.begin(*query, "192.0.2.1");
  if (response.location.empty()) {
    // 429: the per-address authorize limit (one address sends every input here).
    gw::fuzz::require(response.status == 200 || response.status == 400 || response.status == 429,
                      "a page is 200, 400 or 429");
    return 0;
  }
  gw::fuzz::require(!gw::fuzz::has_header_breaking_byte(response.location),
                    "a redirect Location has no CR, LF or NUL");
  auto client = resolve(gw::oauth::param(*query, "client_id"));
  gw::fuzz::require(client.is_ok(), "only a known client is redirected to");
  // The Location is the redirect URI plus error/state/iss parameters: compare what precedes the
  // query (exactly, or by the loopback port rule) with the client's registrations.
  const std::string target = response.location.substr(0, response.location.find('?'));
  bool registered = gw::oauth::redirect_uri_registered(target, client->redirect_uris);
  for (const auto& uri : client->redirect_uris) {
    registered = registered || uri.substr(0, uri.find('?')) == target;
  }
  gw::fuzz::require(registered, "a redirect goes to a registered URI");
  return 0;
}
