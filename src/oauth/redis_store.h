#pragma once
// The shared Store: one scope's OAuth state in Redis, so that several gateway replicas behind one
// NGINX see the same clients, codes and tokens. Every multi-key change is one Lua script (EVAL),
// which Redis runs atomically: a code is consumed once across all replicas, a rotation stores its
// successors in the same step, a family goes whole. Key layout under the scope's prefix
// (gw:<scope>:) in src/oauth/README.md. Redis's own expiry (EXPIRE, from the records' expires_at
// against the injected Clock) removes dead codes and tokens; purge() removes what the Clock says
// is dead before Redis's timer does, and unused dynamic clients. Thread-safe (redis::Client).

#include <memory>
#include <string>

#include "oauth/store.h"
#include "redis/client.h"
#include "util/clock.h"

namespace gw::oauth {

// "gw:<scope>:": the prefix of every key of one scope (scope names are [a-z0-9_-]).
std::string redis_key_prefix(const std::string& scope_name);

class RedisStore final : public Store {
 public:
  // REQUIRES: `clock` outlives the store.
  RedisStore(std::shared_ptr<redis::Client> client, std::string prefix, const Clock& clock);

  Status put_client(const ClientRecord& client) override;
  Result<ClientRecord> find_client(std::string_view client_id) override;
  Status erase_client(std::string_view client_id) override;
  Status put_code(const CodeRecord& code) override;
  Result<CodeRecord> consume_code(std::string_view code_hash) override;
  Status put_tokens(const std::vector<TokenRecord>& tokens) override;
  Result<TokenRecord> find_token(std::string_view token_hash) override;
  Status rotate_refresh_token(std::string_view token_hash, std::int64_t now,
                              const std::vector<TokenRecord>& successors) override;
  Status erase_token(std::string_view token_hash) override;
  Status erase_family(std::string_view family_id) override;
  Result<std::size_t> purge(std::int64_t now, std::int64_t unused_client_ttl_s) override;
  // Counters and pending sign-ins (redis_store_short_lived.cpp): shared by every replica, so a
  // form served by one can be posted to another, and no client multiplies a limit by the replica
  // count. Windows and expiries follow the injected Clock; Redis's TTLs only collect the garbage.
  Result<WindowCount> increment_counter(std::string_view key, std::int64_t now,
                                        std::int64_t window_s) override;
  Result<WindowCount> read_counter(std::string_view key, std::int64_t now) override;
  Status reset_counter(std::string_view key) override;
  Status put_pending_sign_in(const PendingSignIn& p, std::int64_t now, std::size_t max_per_address,
                             std::size_t max_total) override;
  Result<PendingSignIn> find_pending_sign_in(std::string_view id, std::int64_t now) override;
  Result<PendingSignIn> take_pending_sign_in(std::string_view id, std::int64_t now) override;
  Result<std::size_t> count_pending_sign_ins(std::string_view address, std::int64_t now) override;
  Status put_metadata_client(const ClientRecord& client, std::int64_t now, std::int64_t expires_at,
                             std::size_t max_entries) override;
  Result<ClientRecord> find_metadata_client(std::string_view client_id, std::int64_t now) override;

  const std::string& prefix() const { return prefix_; }

 private:
  // EVAL `script` with no KEYS and `args` as ARGV.
  Result<redis::Reply> eval(const std::string& script, std::vector<std::string> args);
  // Seconds Redis keeps a record that expires at `expires_at` (at least 1).
  std::int64_t ttl(std::int64_t expires_at) const;
  std::vector<std::string> token_args(const std::vector<TokenRecord>& tokens) const;

  std::shared_ptr<redis::Client> client_;
  const std::string prefix_;
  const Clock& clock_;
};

}  // namespace gw::oauth
