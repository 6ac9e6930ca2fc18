#include "oauth/memory_state.h"

#include <algorithm>

namespace gw::oauth {

WindowCount MemoryState::increment_counter(std::string_view key, std::int64_t now,
                                           std::int64_t window_s) {
  std::lock_guard lock(mu_);
  auto it = counters_.find(key);
  if (it != counters_.end() && it->second.value.resets_at <= now) {
    counters_by_age_.erase(it->second.opened);
    counters_.erase(it);
    it = counters_.end();
  }
  if (it == counters_.end()) {
    // Full: the counter opened longest ago goes (its window is the likeliest to be over).
    while (counters_.size() >= max_counters_ && !counters_by_age_.empty()) {
      counters_.erase(counters_by_age_.begin()->second);
      counters_by_age_.erase(counters_by_age_.begin());
    }
    const std::uint64_t opened = ++next_opened_;
    it = counters_.emplace(std::string(key), Counter{{0, now + window_s}, opened}).first;
    counters_by_age_.emplace(opened, it->first);
  }
  ++it->second.value.count;
  return it->second.value;
}

WindowCount MemoryState::read_counter(std::string_view key, std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = counters_.find(key);
  if (it == counters_.end() || it->second.value.resets_at <= now) return {};
  return it->second.value;
}

void MemoryState::reset_counter(std::string_view key) {
  std::lock_guard lock(mu_);
  auto it = counters_.find(key);
  if (it == counters_.end()) return;
  counters_by_age_.erase(it->second.opened);
  counters_.erase(it);
}

void MemoryState::erase_pending_locked(PendingMap::iterator it) {
  auto count = pending_per_address_.find(it->second.sign_in.address);
  if (count != pending_per_address_.end() && --count->second == 0) {
    pending_per_address_.erase(count);
  }
  pending_.erase(it);
}

void MemoryState::expire_pending_locked(std::int64_t now) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    auto next = std::next(it);
    if (it->second.sign_in.expires_at <= now) erase_pending_locked(it);
    it = next;
  }
}

MemoryState::PendingMap::iterator MemoryState::oldest_of_locked(const std::string& address) {
  auto oldest = pending_.end();
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->second.sign_in.address != address) continue;
    if (oldest == pending_.end() || it->second.opened < oldest->second.opened) oldest = it;
  }
  return oldest;
}

void MemoryState::put_pending_sign_in(const PendingSignIn& p, std::int64_t now,
                                      std::size_t max_per_address, std::size_t max_total) {
  std::lock_guard lock(mu_);
  expire_pending_locked(now);
  if (auto same = pending_.find(p.id); same != pending_.end()) erase_pending_locked(same);
  auto held = pending_per_address_.find(p.address);
  while (held != pending_per_address_.end() &&
         held->second >= std::max<std::size_t>(max_per_address, 1)) {
    const auto oldest = oldest_of_locked(p.address);
    if (oldest == pending_.end()) break;  // a count without forms: never erase end()
    erase_pending_locked(oldest);
    held = pending_per_address_.find(p.address);
  }
  while (!pending_.empty() && pending_.size() >= std::max<std::size_t>(max_total, 1)) {
    // Fair share: the address holding the most gives up its oldest form; on a tie, the address
    // asking for one more (the newcomer pays).
    auto most = std::max_element(pending_per_address_.begin(), pending_per_address_.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    auto own = pending_per_address_.find(p.address);
    const bool own_pays = own != pending_per_address_.end() && own->second == most->second;
    const auto oldest = oldest_of_locked(own_pays ? p.address : most->first);
    if (oldest == pending_.end()) break;
    erase_pending_locked(oldest);
  }
  pending_.emplace(p.id, Pending{p, next_opened_++});
  ++pending_per_address_[p.address];
}

std::optional<PendingSignIn> MemoryState::find_pending_sign_in(std::string_view id,
                                                               std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(id);
  if (it == pending_.end() || it->second.sign_in.expires_at <= now) return std::nullopt;
  return it->second.sign_in;
}

Result<PendingSignIn> MemoryState::take_pending_sign_in(std::string_view id, std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = pending_.find(id);
  if (it == pending_.end()) return not_found("no such pending sign-in");
  // A copy: erasing reads the address, which a moved-from record no longer has (the count per
  // address would then never go down).
  PendingSignIn p = it->second.sign_in;
  erase_pending_locked(it);
  if (p.expires_at <= now) return not_found("the pending sign-in expired");
  return p;
}

std::size_t MemoryState::count_pending_sign_ins(std::string_view address, std::int64_t now) {
  std::lock_guard lock(mu_);
  expire_pending_locked(now);
  if (address.empty()) return pending_.size();
  auto it = pending_per_address_.find(address);
  return it == pending_per_address_.end() ? 0 : it->second;
}

void MemoryState::put_metadata_client(const ClientRecord& client, std::int64_t now,
                                      std::int64_t expires_at, std::size_t max_entries) {
  std::lock_guard lock(mu_);
  metadata_clients_[client.client_id] = {client, expires_at};
  if (metadata_clients_.size() <= max_entries) return;
  std::erase_if(metadata_clients_, [now](const auto& e) { return e.second.expires_at <= now; });
  // Linear: the bound is the scope's oauth.cimd_cache_entries, a few thousand at most.
  while (metadata_clients_.size() > max_entries) {
    metadata_clients_.erase(std::min_element(
        metadata_clients_.begin(), metadata_clients_.end(),
        [](const auto& a, const auto& b) { return a.second.expires_at < b.second.expires_at; }));
  }
}

std::optional<ClientRecord> MemoryState::find_metadata_client(std::string_view client_id,
                                                              std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = metadata_clients_.find(client_id);
  if (it == metadata_clients_.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second.client;
}

}  // namespace gw::oauth
