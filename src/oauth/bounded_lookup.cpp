#include "oauth/bounded_lookup.h"

#include <netdb.h>
#include <sys/socket.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace gw::oauth {

Result<std::vector<std::string>> system_lookup(const std::string& name) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0 || res == nullptr) {
    return unavailable("host " + name + " does not resolve");
  }
  std::vector<std::string> addresses;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    char buf[NI_MAXHOST];
    if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST) ==
        0) {
      addresses.emplace_back(buf);
    }
  }
  freeaddrinfo(res);
  return addresses;
}

// What the lookup threads of one BoundedLookup share with it; outlives it while they run.
struct BoundedLookup::Shared {
  std::mutex mu;
  std::size_t abandoned = 0;
};

namespace {

// One lookup: the thread fills `result`; the waiter either takes it or marks it abandoned.
struct Pending {
  std::mutex mu;
  std::condition_variable done;
  std::optional<Result<std::vector<std::string>>> result;
  bool abandoned = false;
};

}  // namespace

BoundedLookup::BoundedLookup(LookupFn lookup, std::size_t max_abandoned)
    : lookup_(std::move(lookup)),
      max_abandoned_(max_abandoned),
      shared_(std::make_shared<Shared>()) {}

std::size_t BoundedLookup::abandoned() const {
  std::lock_guard lock(shared_->mu);
  return shared_->abandoned;
}

Result<std::vector<std::string>> BoundedLookup::resolve(
    const std::string& name, std::chrono::steady_clock::time_point deadline) {
  if (abandoned() >= max_abandoned_) {
    return unavailable("too many host name lookups are still running");
  }
  auto pending = std::make_shared<Pending>();
  std::thread([pending, shared = shared_, lookup = lookup_, name] {
    auto result = lookup(name);
    std::lock_guard lock(pending->mu);
    if (pending->abandoned) {
      std::lock_guard count(shared->mu);
      --shared->abandoned;
      return;
    }
    pending->result = std::move(result);
    pending->done.notify_one();
  }).detach();
  std::unique_lock lock(pending->mu);
  if (pending->done.wait_until(lock, deadline, [&] { return pending->result.has_value(); })) {
    return std::move(*pending->result);
  }
  pending->abandoned = true;
  {
    std::lock_guard count(shared_->mu);
    ++shared_->abandoned;
  }
  return unavailable("host " + name + " did not resolve within the deadline");
}

}  // namespace gw::oauth
