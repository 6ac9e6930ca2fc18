#include "mcp/session_store.h"

#include <openssl/rand.h>

#include <array>

#include "util/log.h"

namespace gw::mcp {

Session::Session(std::string id, std::string owner, std::string protocol_version, bool legacy_sse,
                 std::int64_t now_s)
    : id_(std::move(id)),
      owner_(std::move(owner)),
      legacy_sse_(legacy_sse),
      created_s_(now_s),
      last_seen_s_(now_s),
      protocol_version_(std::move(protocol_version)) {}

std::string Session::protocol_version() const {
  std::lock_guard lock(mutex_);
  return protocol_version_;
}

void Session::set_protocol_version(std::string version) {
  std::lock_guard lock(mutex_);
  protocol_version_ = std::move(version);
}

std::string Session::log_level() const {
  std::lock_guard lock(mutex_);
  return log_level_;
}

void Session::set_log_level(std::string level) {
  std::lock_guard lock(mutex_);
  log_level_ = std::move(level);
}

std::string new_session_id() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::array<unsigned char, 24> bytes{};  // 192 bits
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return {};
  std::string out;
  out.reserve(32);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  return out;
}

SessionStore::SessionStore(const Clock& clock, SessionLimits limits,
                           std::shared_ptr<SharedSessions> shared)
    : clock_(clock), limits_(limits), shared_(std::move(shared)) {}

bool SessionStore::expired(const Session& s, std::int64_t now_s) const {
  return !s.has_open_stream() && now_s - s.last_seen_s() > limits_.idle_timeout_s;
}

void SessionStore::sweep_locked(std::int64_t now_s) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (!expired(*it->second, now_s)) {
      ++it;
      continue;
    }
    it->second->mark_ended();
    it = sessions_.erase(it);
  }
}

Result<SessionPtr> SessionStore::create(std::string protocol_version, std::string owner,
                                        bool legacy_sse) {
  std::string id = new_session_id();
  if (id.empty()) return internal_error("the random generator failed");
  const std::int64_t now = clock_.now_seconds();
  std::unique_lock lock(mutex_);
  if (sessions_.size() >= limits_.max_sessions) sweep_locked(now);
  if (sessions_.size() >= limits_.max_sessions) {
    auto victim = sessions_.end();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second->has_open_stream()) continue;
      if (victim == sessions_.end() || it->second->last_seen_s() < victim->second->last_seen_s()) {
        victim = it;
      }
    }
    if (victim == sessions_.end()) return resource_exhausted("too many open MCP sessions");
    victim->second->mark_ended();
    sessions_.erase(victim);
  }
  auto session =
      std::make_shared<Session>(id, std::move(owner), std::move(protocol_version), legacy_sse, now);
  sessions_.emplace(std::move(id), session);
  lock.unlock();
  if (shared_ && !legacy_sse) {
    Status put = shared_->put({session->id(), session->owner(), session->protocol_version()},
                              limits_.idle_timeout_s);
    // The session still works on this replica; another one will not know it.
    if (!put.is_ok()) log::warning("MCP session not shared", {{"error", put.message()}});
  }
  return session;
}

SessionPtr SessionStore::find_shared(std::string_view id, std::string_view owner,
                                     std::int64_t now_s) {
  auto record = shared_->find(id);
  if (!record) {
    if (record.status().code() != StatusCode::kNotFound) {
      log::warning("MCP session lookup failed", {{"error", record.status().message()}});
    }
    return nullptr;
  }
  if (record->owner != owner) return nullptr;
  auto session = std::make_shared<Session>(record->id, record->owner, record->protocol_version,
                                           /*legacy_sse=*/false, now_s);
  // Another replica answered its initialize: the session is past it.
  session->mark_initialized();
  std::lock_guard lock(mutex_);
  if (sessions_.size() >= limits_.max_sessions) sweep_locked(now_s);
  auto [it, inserted] = sessions_.emplace(record->id, session);
  return it->second;
}

bool SessionStore::renew_shared(const Session& session) {
  if (!shared_ || session.legacy_sse()) return true;
  auto alive = shared_->touch(session.id(), limits_.idle_timeout_s);
  return !alive.is_ok() || *alive;  // unreachable: the local copy carries on
}

SessionPtr SessionStore::find(std::string_view id, std::string_view owner) {
  const std::int64_t now = clock_.now_seconds();
  SessionPtr found;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it != sessions_.end()) {
      if (expired(*it->second, now)) {
        it->second->mark_ended();
        sessions_.erase(it);
        return nullptr;
      }
      if (it->second->owner() != owner) return nullptr;
      it->second->touch(now);
      found = it->second;
    }
  }
  if (found) {
    if (renew_shared(*found)) return found;
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it != sessions_.end() && it->second == found) sessions_.erase(it);
    found->mark_ended();
    return nullptr;
  }
  return shared_ ? find_shared(id, owner, now) : nullptr;
}

bool SessionStore::end(std::string_view id, std::string_view owner) {
  SessionPtr ended;
  {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it != sessions_.end()) {
      if (it->second->owner() != owner) return false;
      ended = it->second;
      sessions_.erase(it);
    }
  }
  if (!ended && shared_) {
    // One another replica created (DELETE may land anywhere).
    ended = find_shared(id, owner, clock_.now_seconds());
    if (ended) {
      std::lock_guard lock(mutex_);
      const auto it = sessions_.find(id);
      if (it != sessions_.end() && it->second == ended) sessions_.erase(it);
    }
  }
  if (!ended) return false;
  ended->mark_ended();
  if (shared_ && !ended->legacy_sse()) (void)shared_->erase(id);
  return true;
}

std::size_t SessionStore::sweep() {
  const std::int64_t now = clock_.now_seconds();
  std::lock_guard lock(mutex_);
  const std::size_t before = sessions_.size();
  sweep_locked(now);
  return before - sessions_.size();
}

std::size_t SessionStore::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace gw::mcp
