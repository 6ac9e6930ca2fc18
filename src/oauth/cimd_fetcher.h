#pragma once
// Fetches and caches client ID metadata documents with the SSRF guards the draft asks for (§6.5):
// https only, the host resolved here and refused when it is not public (unless the test flag allows
// it), the connection pinned to the checked address, no redirects, a size and a time limit.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "oauth/cimd.h"
#include "oauth/records.h"
#include "oauth/redirect_uri.h"
#include "util/clock.h"
#include "util/status.h"

namespace gw::oauth {

struct CimdOptions {
  RedirectPolicy redirect_policy;
  bool allow_private_addresses = false;  // tests only (tenants.yaml cimd_allow_private_addresses)
  std::size_t max_bytes = 64 * 1024;
  int timeout_s = 5;
  std::size_t max_cached = 1000;
  std::string ca_file;  // "" = the system's trust store
};

class CimdFetcher {
 public:
  CimdFetcher(const Clock& clock, CimdOptions options);

  // The client the document at `client_id` describes; errors explain the refusal (shown on the
  // authorization error page).
  Result<ClientRecord> resolve(const std::string& client_id);

 private:
  struct Cached {
    ClientRecord client;
    std::int64_t expires_at;
  };
  Result<std::string> pick_address(const std::string& host);
  Result<ClientRecord> fetch(const std::string& client_id, std::int64_t& cache_for);

  const Clock& clock_;
  CimdOptions options_;
  std::mutex mu_;
  std::map<std::string, Cached> cache_;
};

}  // namespace gw::oauth
