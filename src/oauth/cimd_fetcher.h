#pragma once
// Fetches and caches client ID metadata documents with the SSRF guards the draft asks for (§6.5):
// https only, the host resolved here and refused when it is not public (unless the test flag allows
// it), the connection pinned to the checked address, no redirects, a size limit, and one deadline
// for the whole fetch (connect, TLS, headers and body together: a server trickling bytes cannot
// hold the thread past it). A fetch is abandoned at once when the browser that asked for it goes
// away (http::ClientWatch). At most max_concurrent fetches run per fetcher (one per scope); past
// that resolve() answers ResourceExhausted at once. Outcomes are cached by URL: documents for their
// HTTP cache lifetime (cache_seconds) in the scope's Store when there is one (with Redis, one fetch
// serves every replica), failures for failure_cache_s in this process; at most max_cached entries
// of each (the oldest, or for documents those expiring first, go first).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "oauth/bounded_lookup.h"
#include "oauth/cimd.h"
#include "oauth/records.h"
#include "oauth/redirect_uri.h"
#include "oauth/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace gw::oauth {

struct CimdOptions {
  RedirectPolicy redirect_policy;
  bool allow_private_addresses = false;  // tests only (tenants.yaml cimd_allow_private_addresses)
  std::size_t max_bytes = 64 * 1024;
  int connect_timeout_ms = 3000;  // TCP connect and TLS handshake, each
  int timeout_ms = 5000;          // the whole fetch, from its start
  int max_concurrent = 4;
  std::size_t max_cached = 1000;
  std::int64_t failure_cache_s = 30;
  std::string ca_file;  // "" = the system's trust store
};

class CimdFetcher {
 public:
  // store: where documents are cached (null: in this process). REQUIRES: it outlives the fetcher.
  CimdFetcher(const Clock& clock, CimdOptions options, Store* store = nullptr);

  // The client the document at `client_id` describes; errors explain the refusal (shown on the
  // authorization error page): InvalidArgument (the document or its URL is wrong),
  // PermissionDenied (a non-public address), Unavailable (not fetched: network, TLS, deadline),
  // ResourceExhausted (too many fetches in flight: retry after about timeout_ms), Cancelled (the
  // requester went away).
  Result<ClientRecord> resolve(const std::string& client_id);

 private:
  struct Cached {
    Result<ClientRecord> outcome;
    std::int64_t expires_at;
    std::uint64_t order;
  };
  std::optional<Result<ClientRecord>> cached(const std::string& client_id, std::int64_t now);
  void remember(const std::string& client_id, const Result<ClientRecord>& outcome,
                std::int64_t cache_for, std::int64_t now);
  Result<std::string> pick_address(const std::string& host,
                                   std::chrono::steady_clock::time_point deadline);
  Result<ClientRecord> fetch(const std::string& client_id, std::int64_t& cache_for);

  const Clock& clock_;
  CimdOptions options_;
  Store* const store_;
  BoundedLookup lookup_;
  std::atomic<int> in_flight_{0};
  std::mutex mu_;
  std::uint64_t next_order_ = 0;
  std::map<std::string, Cached> cache_;
  std::map<std::uint64_t, std::string> cache_by_age_;
};

}  // namespace gw::oauth
