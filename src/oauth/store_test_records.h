#pragma once
// The records the store tests write (the journal's own tests and the store conformance suite), so
// both describe a token the same way. Tests only.

#include <cstdint>
#include <string>

#include "oauth/records.h"

namespace gw::oauth::store_test {

// A token of client c1 for alice; a refresh token carries a successor key derived from its hash.
inline TokenRecord token(const std::string& hash, TokenKind kind, const std::string& family,
                         std::int64_t expires = 10'000) {
  TokenRecord t;
  t.token_hash = hash;
  t.kind = kind;
  t.client_id = "c1";
  t.user = "alice";
  t.resource = "https://h/demo/mcp";
  t.scope = "mssql.read mssql.write";
  t.family_id = family;
  t.issued_at = 100;
  t.expires_at = expires;
  if (kind == TokenKind::kRefresh) t.successor_key = "key-" + hash;
  return t;
}

}  // namespace gw::oauth::store_test
