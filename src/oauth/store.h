#pragma once
// The narrow interface behind which a scope's OAuth state lives. The embedded default is
// JournalStore (one append-only file per scope); RedisStore shares the state between several
// gateway replicas (see ARCHITECTURE.md, "Growth"). Both pass store_conformance_test.cpp.
//
// Every method is atomic with respect to the others, also across processes sharing one Redis
// (implementations are thread-safe). A write that fails (a full disk, Redis unreachable) returns
// an error and leaves the state as it was. Lookups tell "absent" (NotFound) from "the store cannot
// answer" (Unavailable), so a caller never takes an outage for an unknown client or token.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "oauth/records.h"
#include "util/status.h"

namespace gw::oauth {

class Store {
 public:
  virtual ~Store() = default;

  // Inserts or replaces by client_id.
  virtual Status put_client(const ClientRecord& client) = 0;
  // NotFound when there is no such client.
  virtual Result<ClientRecord> find_client(std::string_view client_id) = 0;
  virtual Status erase_client(std::string_view client_id) = 0;

  virtual Status put_code(const CodeRecord& code) = 0;
  // Marks the code used and returns it as it was before (so `used` tells a replay). NotFound when
  // there is no such code. Codes are single-use (OAuth 2.1 §4.1.2).
  virtual Result<CodeRecord> consume_code(std::string_view code_hash) = 0;

  // Stores several tokens in one write (an access and a refresh token are issued together).
  virtual Status put_tokens(const std::vector<TokenRecord>& tokens) = 0;
  // NotFound when there is no such token. An expired token may still be returned until purge():
  // the caller checks expires_at.
  virtual Result<TokenRecord> find_token(std::string_view token_hash) = 0;
  // Stores the successors of the refresh token `token_hash` and marks it rotated at `now` (unless
  // it already is), in one write. When the write fails neither happens: a refresh refused for a
  // full disk (or refused for any other reason) leaves the token the client holds as it was,
  // instead of rotated with no successor, which a retry after the reuse grace window would take for
  // theft. NotFound when there is no such refresh token (any more).
  virtual Status rotate_refresh_token(std::string_view token_hash, std::int64_t now,
                                      const std::vector<TokenRecord>& successors) = 0;
  virtual Status erase_token(std::string_view token_hash) = 0;
  // Removes every token of a family (RFC 6749 §10.5 code replay, OAuth 2.1 §4.3.1 refresh reuse).
  virtual Status erase_family(std::string_view family_id) = 0;

  // Drops expired codes and tokens, and dynamically registered clients that never obtained a token
  // within `unused_client_ttl_s` of registering or whose secret expired. Returns how many rows went
  // (RedisStore: rows that Redis's own expiry had not already removed).
  virtual Result<std::size_t> purge(std::int64_t now, std::int64_t unused_client_ttl_s) = 0;
};

}  // namespace gw::oauth
