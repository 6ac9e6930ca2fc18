#pragma once
// The token endpoint's logic (OAuth 2.1 §4.1.3, §4.3; RFC 6749 §5), revocation (RFC 7009) and the
// access-token lookup of the resource server, on a Store with an injected Clock. No HTTP here.

#include <atomic>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "oauth/authorize_request.h"
#include "oauth/discovery.h"
#include "oauth/outage_cache.h"
#include "oauth/params.h"
#include "oauth/store.h"
#include "util/clock.h"

namespace gw::oauth {

struct TokenPolicy {
  std::int64_t access_ttl_s = 3600;
  std::int64_t refresh_ttl_s = 30 * 86400;
  std::int64_t code_ttl_s = 60;
  // A rotated refresh token presented again within this window gets the same successor pair again
  // instead of revoking the family (Claude's and ChatGPT's backends retry from several
  // addresses); after it, the family is revoked.
  std::int64_t refresh_reuse_grace_s = 10;
  std::int64_t unused_client_ttl_s = 86400;   // DCR clients that never got a token are dropped
  bool client_id_metadata_documents = false;  // https URL client_ids are public clients
};

// Who called the token or revocation endpoint, as the HTTP layer saw it.
struct ClientCredentials {
  Params params;              // the form or JSON body
  std::string authorization;  // the Authorization header, "" when absent
};

struct TokenInfo {
  std::string client_id;
  std::string user;
  std::string resource;  // the audience, e.g. https://host/demo/mcp
  std::string scope;
  std::int64_t expires_at = 0;
};

class TokenService {
 public:
  TokenService(Store& store, const Clock& clock, ScopeUrls urls,
               std::vector<std::string> scopes_supported, TokenPolicy policy);

  // After a successful sign-in: a single-use code bound to everything in `request`.
  Result<std::string> issue_code(const AuthorizeRequest& request, const std::string& user);

  // POST /token. The JSON body of a 200 answer, or an OAuth error (oauth_error.h); an
  // invalid_client error after Basic authentication means the answer needs WWW-Authenticate.
  Result<nlohmann::json> exchange(const ClientCredentials& request);

  // POST /revoke: OK also for unknown tokens (RFC 7009 §2.2); only client authentication fails.
  Status revoke(const ClientCredentials& request);

  // The resource server's lookup: a live access token, or Unauthenticated. While the store cannot
  // answer, a token validated here in the last 60 s still passes (OutageCache); any other is
  // Unavailable (503).
  Result<TokenInfo> validate_access_token(const std::string& token);

  // Clients from the configuration (tenants.yaml oauth.clients): looked up before the store and
  // never written to it, so removing one from the file removes it. Call before serving.
  void set_preregistered_clients(const std::vector<ClientRecord>& clients);
  // A preregistered or dynamically registered client; NotFound, or Unavailable when the store
  // cannot answer.
  Result<ClientRecord> find_registered_client(std::string_view client_id);

  // Authenticates the client of a token or revocation request (RFC 6749 §2.3).
  Result<ClientRecord> authenticate_client(const ClientCredentials& request);

  // Drops expired rows and unused registrations, at most once a minute (Store::purge).
  void purge_if_due();

  const ScopeUrls& urls() const { return urls_; }
  const std::vector<std::string>& scopes_supported() const { return scopes_supported_; }
  const TokenPolicy& policy() const { return policy_; }
  Store& store() { return store_; }

 private:
  Result<nlohmann::json> redeem_code(const ClientRecord& client, const Params& params);
  Result<nlohmann::json> refresh(const ClientRecord& client, const Params& params);
  // Issues an access and a refresh token in `family`, returns the RFC 6749 §5.1 body. With
  // `rotated` (the record of the refresh token presented, `rotated_token`), they are derived from
  // it and stored as its successors (Store::rotate_refresh_token).
  Result<nlohmann::json> issue_tokens(const ClientRecord& client, const std::string& user,
                                      const std::string& resource, const std::string& scope,
                                      const std::string& family,
                                      const TokenRecord* rotated = nullptr,
                                      const std::string& rotated_token = "");
  // A rotated refresh token presented again inside the grace: the successors it already has.
  Result<nlohmann::json> replay_rotation(const TokenRecord& rotated, const std::string& presented);
  // The successor token of `presented` named by `label` (token_service.cpp says why derived).
  static std::string successor(const TokenRecord& rotated, const std::string& presented,
                               std::string_view label);

  Store& store_;
  const Clock& clock_;
  ScopeUrls urls_;
  std::vector<std::string> scopes_supported_;
  TokenPolicy policy_;
  std::atomic<std::int64_t> last_purge_{0};
  std::map<std::string, ClientRecord, std::less<>> preregistered_;
  OutageCache<TokenInfo> validated_;
};

}  // namespace gw::oauth
