#pragma once
// The narrow interface behind which a scope's OAuth state lives. The embedded default is
// JournalStore (one append-only file per scope); RedisStore shares the state between several
// gateway replicas (see ARCHITECTURE.md, "Growth"). Both pass store_conformance_test.cpp.
//
// Every method is atomic with respect to the others, also across processes sharing one Redis
// (implementations are thread-safe). A write that fails (a full disk, Redis unreachable) returns
// an error and leaves the state as it was. Lookups tell "absent" (NotFound) from "the store cannot
// answer" (Unavailable), so a caller never takes an outage for an unknown client or token.
// Clients and tokens are durable; counters and pending sign-ins are short-lived state that a store
// may keep in memory (JournalStore does: a restart forgets them, which costs the sign-ins in
// progress and resets the throttles, and an attacker cannot cause a restart), but a store shared
// by replicas must share them too (RedisStore does), or each replica multiplies the limits.

#include <cstddef>
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
  // Stores the successors of the refresh token `token_hash` and marks it rotated at `now`, in one
  // write, once: a token already rotated is refused (FailedPrecondition) and nothing is stored, so
  // two concurrent refreshes can never start two token chains (the loser answers with the winner's
  // successors, token_service.h). When the write fails neither happens: a refresh refused for a
  // full disk (or refused for any other reason) leaves the token the client holds as it was,
  // instead of rotated with no successor, which a retry after the reuse grace window would take for
  // theft. NotFound when there is no such refresh token (any more). (Redis: a script that checks
  // rotated_at and writes all, or WATCH/MULTI.)
  virtual Status rotate_refresh_token(std::string_view token_hash, std::int64_t now,
                                      const std::vector<TokenRecord>& successors) = 0;
  virtual Status erase_token(std::string_view token_hash) = 0;
  // Removes every token of a family (RFC 6749 §10.5 code replay, OAuth 2.1 §4.3.1 refresh reuse).
  virtual Status erase_family(std::string_view family_id) = 0;

  // Drops expired codes and tokens, and dynamically registered clients that never obtained a token
  // within `unused_client_ttl_s` of registering or whose secret expired. Returns how many rows went
  // (RedisStore: rows that Redis's own expiry had not already removed).
  virtual Result<std::size_t> purge(std::int64_t now, std::int64_t unused_client_ttl_s) = 0;

  // --- Counters: fixed windows, shared by every replica (rate limits, sign-in throttles) ---
  // Keys are opaque to the store (the caller namespaces them per use); one store is one scope.

  // Adds one to counter `key` and returns it after the change. The first increment opens a window
  // of `window_s` seconds from `now`; when it ends the counter is gone (counts from zero again).
  // Atomic: concurrent increments are never lost and each sees a distinct count. (Redis: INCR,
  // then EXPIRE key window_s NX, in one MULTI; PTTL gives resets_at.)
  virtual Result<WindowCount> increment_counter(std::string_view key, std::int64_t now,
                                                std::int64_t window_s) = 0;
  // The counter as it is at `now`, unchanged ({0, 0} when absent or its window ended). A single
  // read (Redis: GET and PTTL in one MULTI).
  virtual Result<WindowCount> read_counter(std::string_view key, std::int64_t now) = 0;
  // Removes the counter; absent is not an error. (Redis: DEL.)
  virtual Status reset_counter(std::string_view key) = 0;

  // --- Pending sign-ins: the sign-in forms shown and not yet submitted ---

  // Stores `p` (replacing none: ids are random). Bounds, checked and applied in the same atomic
  // step as the insert: when p.address already holds `max_per_address` live ones, that address's
  // oldest goes; when the scope then holds `max_total`, the oldest of the address holding the most
  // goes (on a tie, p.address's own), so a flood from some addresses pushes out only their own
  // forms, never one person's only form while anyone holds more. Expired ones do not count. (Redis:
  // a script over one sorted set per address, scored by expiry, and one of addresses scored by
  // count.)
  virtual Status put_pending_sign_in(const PendingSignIn& p, std::int64_t now,
                                     std::size_t max_per_address, std::size_t max_total) = 0;
  // The live pending sign-in `id`, left in place (a wrong password shows the form again). NotFound
  // when absent or expired; Unavailable when the store cannot answer (the form is then not
  // "expired": the person may post it again once the store is back).
  virtual Result<PendingSignIn> find_pending_sign_in(std::string_view id, std::int64_t now) = 0;
  // Removes and returns the live pending sign-in `id`; of concurrent takes exactly one gets it (a
  // form completes once). NotFound when absent or expired. (Redis: GETDEL.)
  virtual Result<PendingSignIn> take_pending_sign_in(std::string_view id, std::int64_t now) = 0;
  // How many live pending sign-ins `address` holds; "" counts the whole scope.
  virtual Result<std::size_t> count_pending_sign_ins(std::string_view address,
                                                     std::int64_t now) = 0;

  // --- Client ID metadata documents: the clients fetched documents describe (cimd_fetcher.h) ---

  // Keeps `client`, read from the document at client.client_id, until `expires_at` (the
  // document's HTTP cache lifetime), replacing what was kept for that URL. Bounded in the same
  // atomic step: past `max_entries`, the entries expiring first go. Short-lived like the counters
  // (a store may keep it in memory); a shared store shares it, so one fetch serves every replica.
  // (Redis: a string per URL with that TTL, and a sorted set of URLs by expiry, in one script.)
  virtual Status put_metadata_client(const ClientRecord& client, std::int64_t now,
                                     std::int64_t expires_at, std::size_t max_entries) = 0;
  // The client kept for the document at `client_id`. NotFound when absent or expired.
  virtual Result<ClientRecord> find_metadata_client(std::string_view client_id,
                                                    std::int64_t now) = 0;
};

}  // namespace gw::oauth
