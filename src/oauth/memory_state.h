#pragma once
// The short-lived part of the embedded store (Store's counters, pending sign-ins and metadata
// document clients) in memory only: JournalStore forwards those calls here. Nothing of it is
// journalled; a restart forgets it (see store.h). Thread-safe; the memory it holds is bounded
// (counters by kMaxCounters, the oldest going first; pending sign-ins and metadata clients by the
// caller's bounds).

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "oauth/records.h"
#include "util/status.h"

namespace gw::oauth {

class MemoryState {
 public:
  // Distinct counter keys held at most (user names and addresses typed by anyone): ~100 bytes
  // each, a few MB in all.
  static constexpr std::size_t kMaxCounters = 50000;

  explicit MemoryState(std::size_t max_counters = kMaxCounters) : max_counters_(max_counters) {}

  WindowCount increment_counter(std::string_view key, std::int64_t now, std::int64_t window_s);
  WindowCount read_counter(std::string_view key, std::int64_t now);
  void reset_counter(std::string_view key);

  void put_pending_sign_in(const PendingSignIn& p, std::int64_t now, std::size_t max_per_address,
                           std::size_t max_total);
  std::optional<PendingSignIn> find_pending_sign_in(std::string_view id, std::int64_t now);
  Result<PendingSignIn> take_pending_sign_in(std::string_view id, std::int64_t now);
  std::size_t count_pending_sign_ins(std::string_view address, std::int64_t now);

  void put_metadata_client(const ClientRecord& client, std::int64_t now, std::int64_t expires_at,
                           std::size_t max_entries);
  std::optional<ClientRecord> find_metadata_client(std::string_view client_id, std::int64_t now);

 private:
  struct Counter {
    WindowCount value;
    std::uint64_t opened = 0;  // order of creation: the oldest is evicted first
  };
  struct Pending {
    PendingSignIn sign_in;
    // Order of creation: the oldest goes first. Expiry times are whole seconds, so forms opened
    // in the same second would otherwise tie and the one evicted would be arbitrary.
    std::uint64_t opened = 0;
  };
  using PendingMap = std::map<std::string, Pending, std::less<>>;
  void expire_pending_locked(std::int64_t now);
  void erase_pending_locked(PendingMap::iterator it);
  // The oldest pending sign-in of `address` (the one opened first).
  PendingMap::iterator oldest_of_locked(const std::string& address);

  const std::size_t max_counters_;
  std::mutex mu_;
  std::uint64_t next_opened_ = 0;
  std::map<std::string, Counter, std::less<>> counters_;
  std::map<std::uint64_t, std::string> counters_by_age_;
  PendingMap pending_;
  std::map<std::string, std::size_t, std::less<>> pending_per_address_;
  struct MetadataClient {
    ClientRecord client;
    std::int64_t expires_at = 0;
  };
  std::map<std::string, MetadataClient, std::less<>> metadata_clients_;
};

}  // namespace gw::oauth
