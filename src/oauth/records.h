#pragma once
// What an authorization server remembers: clients, authorization codes and tokens. Secrets (client
// secrets, codes, tokens) are never stored, only their SHA-256 (hex), so a copy of the store does
// not let anyone call a tool.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/status.h"

namespace gw::oauth {

enum class AuthMethod { kNone, kClientSecretPost, kClientSecretBasic };
const char* auth_method_name(AuthMethod m);
Result<AuthMethod> auth_method_from_name(std::string_view name);

enum class ClientOrigin { kDynamic, kPreregistered, kMetadataDocument };

struct ClientRecord {
  std::string client_id;
  std::string secret_hash;  // sha256_hex(secret); empty for public clients
  AuthMethod auth_method = AuthMethod::kNone;
  std::vector<std::string> redirect_uris;
  std::string client_name;
  nlohmann::json metadata = nlohmann::json::object();  // as registered, echoed by RFC 7591 §3.2.1
  ClientOrigin origin = ClientOrigin::kDynamic;
  std::int64_t created_at = 0;
  std::int64_t secret_expires_at = 0;  // 0 = never (RFC 7591 §3.2.1)
  bool used = false;                   // a token was issued; unused dynamic clients are collected
};

struct CodeRecord {
  std::string code_hash;
  std::string client_id;
  std::string redirect_uri;
  bool redirect_uri_required = true;
  std::string code_challenge;
  std::string resource;
  std::string scope;  // space-separated, as granted
  std::string user;
  std::string family_id;  // the tokens this code yields share it, so a replay can revoke them
  std::int64_t expires_at = 0;
  bool used = false;
};

enum class TokenKind { kAccess, kRefresh };

struct TokenRecord {
  std::string token_hash;
  TokenKind kind = TokenKind::kAccess;
  std::string client_id;
  std::string user;
  std::string resource;  // the audience: https://host/demo/mcp
  std::string scope;
  std::string family_id;
  std::int64_t issued_at = 0;
  std::int64_t expires_at = 0;
  std::int64_t rotated_at = 0;  // refresh tokens: when it was exchanged for a new one; 0 = live
};

// A sign-in form shown and not yet submitted (GET /authorize → POST /authorize). Short-lived; the
// journal store keeps these in memory only.
struct PendingSignIn {
  std::string id;         // the form's request_id: random, unguessable
  std::string address;    // the client address that opened it (bounds per address)
  std::string csrf_hash;  // sha256_hex of the form's CSRF token
  std::int64_t expires_at = 0;
  nlohmann::json request;  // the validated authorization request (authorization_endpoint.cpp)
};

// A fixed-window counter as the store returns it (rate limits, sign-in failure throttles).
struct WindowCount {
  std::int64_t count = 0;      // events in the current window; 0 when none is open
  std::int64_t resets_at = 0;  // when the window ends and the counter starts from zero; 0: none
};

nlohmann::json to_json(const ClientRecord& c);
nlohmann::json to_json(const TokenRecord& t);
// Library exceptions stay inside: a malformed record is an InvalidArgument.
Result<ClientRecord> client_from_json(const nlohmann::json& j);
Result<TokenRecord> token_from_json(const nlohmann::json& j);

}  // namespace gw::oauth
