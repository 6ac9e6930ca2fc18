#pragma once
// Host name resolution with a deadline. getaddrinfo(3) has none of its own (the resolver's is
// attempts × timeout of resolv.conf, tens of seconds), so a client_id whose host resolves slowly
// would hold the /authorize thread past the fetch deadline. The lookup runs on a thread of its own
// and the caller waits only until its deadline; a lookup still running then is abandoned and
// finishes by itself. Abandoned lookups are bounded: past the bound, a lookup is refused at once.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "util/status.h"

namespace gw::oauth {

// Numeric addresses of `name` (IPv4 dotted, IPv6 colon form), or an error.
using LookupFn = std::function<Result<std::vector<std::string>>(const std::string& name)>;

// getaddrinfo(3), AF_UNSPEC, stream sockets.
Result<std::vector<std::string>> system_lookup(const std::string& name);

class BoundedLookup {
 public:
  explicit BoundedLookup(LookupFn lookup = system_lookup, std::size_t max_abandoned = 32);

  // Unavailable when the deadline passes first, or when max_abandoned lookups are still running.
  Result<std::vector<std::string>> resolve(const std::string& name,
                                           std::chrono::steady_clock::time_point deadline);

  // Lookups given up on and not finished yet.
  std::size_t abandoned() const;

 private:
  struct Shared;
  LookupFn lookup_;
  std::size_t max_abandoned_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace gw::oauth
