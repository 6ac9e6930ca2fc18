#pragma once
// A flag shared between the request that may be cancelled (an MCP tools/call) and the code doing
// the work (a db-lib query polls it from its interrupt handler). Set once, never cleared.
//
// Whoever blocks on something the flag cannot interrupt (a thread inside db-lib's poll(2))
// subscribes a wake-up with on_cancel(); cancel() runs it on the cancelling thread, so the worker
// notices at once rather than at its next poll.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace gw {

class CancellationToken {
 public:
  // Ends a subscription; once destroyed (or reset), its callback is not running and never will.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Subscription&& other) noexcept { *this = std::move(other); }
    Subscription& operator=(Subscription&& other) noexcept {
      if (this != &other) {
        reset();
        token_ = std::move(other.token_);
        id_ = other.id_;
      }
      return *this;
    }
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription() { reset(); }
    void reset() {
      if (auto token = std::exchange(token_, nullptr)) token->unsubscribe(id_);
    }

   private:
    friend class CancellationToken;
    Subscription(std::shared_ptr<CancellationToken> token, std::uint64_t id)
        : token_(std::move(token)), id_(id) {}
    std::shared_ptr<CancellationToken> token_;
    std::uint64_t id_ = 0;
  };

  // Idempotent. The first call runs every subscribed callback on this thread.
  void cancel() {
    std::lock_guard lock(mutex_);
    if (cancelled_.exchange(true, std::memory_order_acq_rel)) return;
    for (auto& [id, callback] : callbacks_) callback();
  }
  bool is_cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // Runs callback once when the token is cancelled (at once, on this thread, if it already is).
  // The callback runs under the token's lock: it must be quick and must not touch this token's
  // subscriptions. REQUIRES: the token is owned by a shared_ptr (the subscription keeps it alive).
  [[nodiscard]] static Subscription on_cancel(const std::shared_ptr<CancellationToken>& token,
                                              std::function<void()> callback) {
    std::lock_guard lock(token->mutex_);
    if (token->is_cancelled()) {
      callback();
      return {};
    }
    const std::uint64_t id = ++token->next_id_;
    token->callbacks_.emplace(id, std::move(callback));
    return Subscription(token, id);
  }

 private:
  void unsubscribe(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    callbacks_.erase(id);
  }

  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::map<std::uint64_t, std::function<void()>> callbacks_;
  std::uint64_t next_id_ = 0;
};

using CancellationTokenPtr = std::shared_ptr<CancellationToken>;

}  // namespace gw
