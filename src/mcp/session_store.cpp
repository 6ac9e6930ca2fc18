#include "mcp/session_store.h"

#include <openssl/rand.h>

#include <array>

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

SessionStore::SessionStore(const Clock& clock, SessionLimits limits)
    : clock_(clock), limits_(limits) {}

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
  std::lock_guard lock(mutex_);
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
  return session;
}

SessionPtr SessionStore::find(std::string_view id, std::string_view owner) {
  const std::int64_t now = clock_.now_seconds();
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end()) return nullptr;
  if (expired(*it->second, now)) {
    it->second->mark_ended();
    sessions_.erase(it);
    return nullptr;
  }
  if (it->second->owner() != owner) return nullptr;
  it->second->touch(now);
  return it->second;
}

bool SessionStore::end(std::string_view id, std::string_view owner) {
  std::lock_guard lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second->owner() != owner) return false;
  it->second->mark_ended();
  sessions_.erase(it);
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
