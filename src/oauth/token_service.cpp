#include "oauth/token_service.h"

#include <algorithm>
#include <sstream>

#include "oauth/crypto.h"
#include "oauth/oauth_error.h"
#include "oauth/pkce.h"

namespace gw::oauth {
namespace {

constexpr std::int64_t kPurgeEverySeconds = 60;

bool scope_subset(const std::string& requested, const std::string& granted) {
  std::istringstream in(requested), have(granted);
  std::vector<std::string> g;
  std::string s;
  while (have >> s) g.push_back(s);
  while (in >> s) {
    if (std::find(g.begin(), g.end(), s) == g.end()) return false;
  }
  return true;
}

// The store could not answer (Redis unreachable): the caller answers 503, not "unknown".
template <typename T>
bool store_unavailable(const Result<T>& r) {
  return !r.is_ok() && r.status().code() == StatusCode::kUnavailable;
}

Status grant_error(std::string_view d) { return oauth_error(OAuthErrorCode::kInvalidGrant, d); }

// The tokens that replace a refresh token are derived from it and from a random key stored in its
// record (HMAC-SHA256), so presenting it twice names the same successors: a retry inside the reuse
// grace gets the answer it missed instead of a second token chain, from any replica and after a
// restart (a gateway killed before its answer left is such a case). The key keeps the chain from
// being computed by someone who stole an old refresh token but cannot read the store (rotation
// exists to make such tokens worthless). Different labels keep the access and the refresh token
// apart.
constexpr std::string_view kSuccessorAccess = "mssql-mcp-gateway successor access token";
constexpr std::string_view kSuccessorRefresh = "mssql-mcp-gateway successor refresh token";

// RFC 7591 §2: grant_types the client registered; none registered means both.
bool client_allows_grant(const ClientRecord& client, const std::string& grant_type) {
  auto it = client.metadata.find("grant_types");
  if (it == client.metadata.end() || !it->is_array()) return true;
  return std::find(it->begin(), it->end(), grant_type) != it->end();
}

}  // namespace

TokenService::TokenService(Store& store, const Clock& clock, ScopeUrls urls,
                           std::vector<std::string> scopes_supported, TokenPolicy policy)
    : store_(store),
      clock_(clock),
      urls_(std::move(urls)),
      scopes_supported_(std::move(scopes_supported)),
      policy_(policy) {}

Result<std::string> TokenService::issue_code(const AuthorizeRequest& request,
                                             const std::string& user) {
  std::string code = random_token();
  CodeRecord rec;
  rec.code_hash = sha256_hex(code);
  rec.client_id = request.client_id;
  rec.redirect_uri = request.redirect_uri;
  rec.redirect_uri_required = request.redirect_uri_in_request;
  rec.code_challenge = request.code_challenge;
  rec.resource = request.resource;
  rec.scope = request.scope;
  rec.user = user;
  rec.family_id = random_token(16);
  rec.expires_at = clock_.now_seconds() + policy_.code_ttl_s;
  GW_RETURN_IF_ERROR(store_.put_code(rec));
  return code;
}

void TokenService::set_preregistered_clients(const std::vector<ClientRecord>& clients) {
  preregistered_.clear();
  for (const auto& c : clients) preregistered_[c.client_id] = c;
}

Result<ClientRecord> TokenService::find_registered_client(std::string_view client_id) {
  auto it = preregistered_.find(client_id);
  if (it != preregistered_.end()) return it->second;
  return store_.find_client(client_id);
}

Result<ClientRecord> TokenService::authenticate_client(const ClientCredentials& request) {
  std::string client_id = param(request.params, "client_id");
  std::string secret = param(request.params, "client_secret");
  if (!request.authorization.empty()) {
    auto creds = parse_basic_authorization(request.authorization);
    if (creds) {
      // RFC 6749 §2.3: one authentication method per request.
      if (request.params.count("client_secret") != 0) {
        return oauth_error(OAuthErrorCode::kInvalidRequest,
                           "client authenticated by more than one method");
      }
      if (!client_id.empty() && client_id != creds->client_id) {
        return oauth_error(OAuthErrorCode::kInvalidRequest,
                           "client_id differs from the Basic credentials");
      }
      client_id = creds->client_id;
      secret = creds->client_secret;
    } else if (creds.status().code() != StatusCode::kNotFound) {
      return oauth_error(OAuthErrorCode::kInvalidClient, "malformed Basic credentials");
    }
  }
  if (client_id.empty())
    return oauth_error(OAuthErrorCode::kInvalidClient, "client_id is required");
  Result<ClientRecord> found = find_registered_client(client_id);
  if (store_unavailable(found)) return found.status();
  std::optional<ClientRecord> client;
  if (found) client = *found;
  if (!client && policy_.client_id_metadata_documents && client_id.rfind("https://", 0) == 0) {
    // CIMD clients are public (PROTOCOL-NOTES §6.2); their document was checked at /authorize and
    // the code and tokens are bound to this client_id.
    ClientRecord cimd;
    cimd.client_id = client_id;
    cimd.origin = ClientOrigin::kMetadataDocument;
    client = cimd;
  }
  auto fail = [] {
    return oauth_error(OAuthErrorCode::kInvalidClient, "client authentication failed");
  };
  if (!client) return fail();
  if (client->auth_method == AuthMethod::kNone) return *client;
  // Confidential: either presentation of the secret is accepted; clients mix them up.
  if (secret.empty() || !constant_time_equals(sha256_hex(secret), client->secret_hash)) {
    return fail();
  }
  if (client->secret_expires_at != 0 && client->secret_expires_at <= clock_.now_seconds()) {
    return fail();
  }
  return *client;
}

Result<nlohmann::json> TokenService::exchange(const ClientCredentials& request) {
  purge_if_due();
  std::string grant_type = param(request.params, "grant_type");
  if (grant_type.empty())
    return oauth_error(OAuthErrorCode::kInvalidRequest, "grant_type is required");
  if (grant_type != "authorization_code" && grant_type != "refresh_token") {
    return oauth_error(OAuthErrorCode::kUnsupportedGrantType,
                       "grant_type " + grant_type + " is not supported");
  }
  auto client = authenticate_client(request);
  if (!client) return client.status();
  if (!client_allows_grant(*client, grant_type)) {
    return oauth_error(OAuthErrorCode::kUnauthorizedClient,
                       "the client did not register grant_type " + grant_type);
  }
  if (grant_type == "authorization_code") return redeem_code(*client, request.params);
  return refresh(*client, request.params);
}

Result<nlohmann::json> TokenService::redeem_code(const ClientRecord& client, const Params& params) {
  std::string code = param(params, "code");
  if (code.empty()) return oauth_error(OAuthErrorCode::kInvalidRequest, "code is required");
  std::string verifier = param(params, "code_verifier");
  if (verifier.empty())
    return oauth_error(OAuthErrorCode::kInvalidRequest, "code_verifier is required");
  auto rec = store_.consume_code(sha256_hex(code));
  if (!rec) return grant_error("authorization code is invalid or expired");
  if (rec->used) {
    // RFC 6749 §4.1.2 / §10.5: a replayed code revokes what it issued.
    GW_RETURN_IF_ERROR(store_.erase_family(rec->family_id));
    return grant_error("authorization code was already used; its tokens are revoked");
  }
  if (rec->expires_at <= clock_.now_seconds()) {
    return grant_error("authorization code is invalid or expired");
  }
  if (rec->client_id != client.client_id) {
    return grant_error("authorization code was issued to another client");
  }
  std::string redirect_uri = param(params, "redirect_uri");
  // OAuth 2.1 §4.1.3: required and identical when the authorization request had one.
  if (redirect_uri.empty() && rec->redirect_uri_required) {
    return oauth_error(OAuthErrorCode::kInvalidRequest, "redirect_uri is required");
  }
  if (!redirect_uri.empty() && redirect_uri != rec->redirect_uri) {
    return grant_error("redirect_uri does not match the authorization request");
  }
  Status pkce = verify_code_verifier(verifier, rec->code_challenge);
  if (!pkce.is_ok()) return grant_error(pkce.message());
  if (params.count("resource") != 0) {
    auto resource = resolve_resource(param(params, "resource"), urls_);
    if (!resource) return resource.status();
    if (*resource != rec->resource) {
      return oauth_error(OAuthErrorCode::kInvalidTarget,
                         "resource differs from the authorization request");
    }
  }
  // A write that fails (a full disk) must not burn the code: the client may retry the exchange.
  auto restore_code = [&] { (void)store_.put_code(*rec); };
  if (!client.used && client.origin == ClientOrigin::kDynamic) {
    ClientRecord used = client;
    used.used = true;
    Status stored = store_.put_client(used);
    if (!stored.is_ok()) {
      restore_code();
      return stored;
    }
  }
  auto issued = issue_tokens(client, rec->user, rec->resource, rec->scope, rec->family_id);
  // Only a failed write gives the code back; a grant revoked meanwhile (a replay) does not.
  if (!issued && issued.status().code() == StatusCode::kUnavailable) restore_code();
  return issued;
}

Result<nlohmann::json> TokenService::refresh(const ClientRecord& client, const Params& params) {
  std::string token = param(params, "refresh_token");
  if (token.empty())
    return oauth_error(OAuthErrorCode::kInvalidRequest, "refresh_token is required");
  std::int64_t now = clock_.now_seconds();
  const std::string token_hash = sha256_hex(token);
  // Rotated only once the successors are stored (issue_tokens): a refused refresh changes nothing.
  auto rec = store_.find_token(token_hash);
  if (store_unavailable(rec)) return rec.status();
  if (!rec || rec->kind != TokenKind::kRefresh) {
    return grant_error("refresh token is invalid or expired");
  }
  if (rec->client_id != client.client_id) {
    return grant_error("refresh token was issued to another client");
  }
  if (rec->expires_at <= now) return grant_error("refresh token is invalid or expired");
  if (rec->rotated_at != 0) {
    if (now - rec->rotated_at > policy_.refresh_reuse_grace_s) {
      // OAuth 2.1 §4.3.1: reuse of a rotated refresh token means it leaked; end the whole grant.
      GW_RETURN_IF_ERROR(store_.erase_family(rec->family_id));
      return grant_error("refresh token was already used; the grant is revoked");
    }
    return replay_rotation(*rec, token);
  }
  std::string scope = rec->scope;
  if (params.count("scope") != 0 && !param(params, "scope").empty()) {
    if (!scope_subset(param(params, "scope"), rec->scope)) {
      return oauth_error(OAuthErrorCode::kInvalidScope, "scope exceeds the original grant");
    }
    scope = grant_scope(param(params, "scope"), scopes_supported_);
  }
  if (params.count("resource") != 0) {
    auto resource = resolve_resource(param(params, "resource"), urls_);
    if (!resource) return resource.status();
    if (*resource != rec->resource) {
      return oauth_error(OAuthErrorCode::kInvalidTarget,
                         "resource differs from the original grant");
    }
  }
  auto issued = issue_tokens(client, rec->user, rec->resource, scope, rec->family_id, &*rec, token);
  // A concurrent refresh with the same token rotated it first: its successors are the answer.
  if (!issued && issued.status().code() == StatusCode::kFailedPrecondition) {
    return replay_rotation(*rec, token);
  }
  return issued;
}

std::string TokenService::successor(const TokenRecord& rotated, const std::string& presented,
                                    std::string_view label) {
  // Records written before successor_key existed: one key for the process (a reload builds new
  // TokenServices, and retries must still match), so such a retry after a restart is refused.
  static const std::string process_key = random_token();
  const std::string& key = rotated.successor_key.empty() ? process_key : rotated.successor_key;
  return hmac_token(key, std::string(label) + '\n' + presented);
}

Result<nlohmann::json> TokenService::replay_rotation(const TokenRecord& rotated,
                                                     const std::string& presented) {
  const std::int64_t now = clock_.now_seconds();
  const std::string access = successor(rotated, presented, kSuccessorAccess);
  const std::string refresh = successor(rotated, presented, kSuccessorRefresh);
  auto a = store_.find_token(sha256_hex(access));
  auto r = store_.find_token(sha256_hex(refresh));
  if (store_unavailable(a)) return a.status();
  if (store_unavailable(r)) return r.status();
  // Successors revoked, expired or already rotated themselves (the client got them and moved on):
  // refused, without revoking anything, since the grace says this may be an honest retry.
  if (!a || a->expires_at <= now || !r || r->rotated_at != 0) {
    return grant_error("refresh token was already used");
  }
  return nlohmann::json{{"access_token", access},
                        {"token_type", "Bearer"},
                        {"expires_in", a->expires_at - now},
                        {"scope", a->scope},
                        {"refresh_token", refresh}};
}

Result<nlohmann::json> TokenService::issue_tokens(
    const ClientRecord& client, const std::string& user, const std::string& resource,
    const std::string& scope, const std::string& family, const TokenRecord* rotated,
    const std::string& rotated_token) {
  std::int64_t now = clock_.now_seconds();
  std::string access =
      rotated ? successor(*rotated, rotated_token, kSuccessorAccess) : random_token();
  std::string refresh =
      rotated ? successor(*rotated, rotated_token, kSuccessorRefresh) : random_token();
  TokenRecord a;
  a.token_hash = sha256_hex(access);
  a.kind = TokenKind::kAccess;
  a.client_id = client.client_id;
  a.user = user;
  a.resource = resource;
  a.scope = scope;
  a.family_id = family;
  a.issued_at = now;
  a.expires_at = now + policy_.access_ttl_s;
  nlohmann::json body{{"access_token", access},
                      {"token_type", "Bearer"},
                      {"expires_in", policy_.access_ttl_s},
                      {"scope", scope}};
  std::vector<TokenRecord> records = {a};
  // Refresh tokens without offline_access (PROTOCOL-NOTES §5.5), unless the client opted out.
  if (client_allows_grant(client, "refresh_token")) {
    TokenRecord r = a;
    r.token_hash = sha256_hex(refresh);
    r.kind = TokenKind::kRefresh;
    r.expires_at = now + policy_.refresh_ttl_s;
    r.successor_key = random_token();
    records.push_back(r);
    body["refresh_token"] = refresh;
  }
  Status stored = rotated ? store_.rotate_refresh_token(rotated->token_hash, now, records)
                          : store_.put_tokens(records);
  // The family was revoked between the lookup and now: a concurrent refresh reuse, or a replay of
  // the code on another replica (RFC 6749 §10.5), so nothing is issued.
  if (stored.code() == StatusCode::kNotFound) {
    return grant_error(rotated != nullptr
                           ? "refresh token is invalid or expired"
                           : "authorization code was already used; its tokens are revoked");
  }
  GW_RETURN_IF_ERROR(stored);
  return body;
}

Status TokenService::revoke(const ClientCredentials& request) {
  auto client = authenticate_client(request);
  if (!client) return client.status();
  std::string token = param(request.params, "token");
  if (token.empty()) return oauth_error(OAuthErrorCode::kInvalidRequest, "token is required");
  auto rec = store_.find_token(sha256_hex(token));
  if (store_unavailable(rec)) return rec.status();
  if (!rec || rec->client_id != client->client_id) return Status::ok();
  // RFC 7009 §2.1: revoking a refresh token also ends the access tokens of the same grant.
  if (rec->kind == TokenKind::kRefresh) return store_.erase_family(rec->family_id);
  return store_.erase_token(rec->token_hash);
}

Result<TokenInfo> TokenService::validate_access_token(const std::string& token) {
  const std::string hash = sha256_hex(token);
  auto rec = store_.find_token(hash);
  if (store_unavailable(rec)) {
    auto recalled = validated_.recall(hash, clock_.monotonic_ms());
    if (recalled && recalled->expires_at > clock_.now_seconds()) return *recalled;
    return rec.status();
  }
  if (!rec || rec->kind != TokenKind::kAccess || rec->expires_at <= clock_.now_seconds()) {
    validated_.forget(hash);
    return unauthenticated("the access token is invalid or expired");
  }
  TokenInfo info{rec->client_id, rec->user, rec->resource, rec->scope, rec->expires_at};
  validated_.remember(hash, info, clock_.monotonic_ms());
  return info;
}

void TokenService::purge_if_due() {
  std::int64_t now = clock_.now_seconds();
  std::int64_t last = last_purge_.load();
  if (now - last < kPurgeEverySeconds || !last_purge_.compare_exchange_strong(last, now)) return;
  (void)store_.purge(now, policy_.unused_client_ttl_s);  // best effort; retried next minute
}

}  // namespace gw::oauth
