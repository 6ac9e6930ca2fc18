#pragma once
// A flag shared between the request that may be cancelled (an MCP tools/call) and the code doing
// the work (a db-lib query polls it from its interrupt handler). Set once, never cleared.

#include <atomic>
#include <memory>

namespace gw {

class CancellationToken {
 public:
  void cancel() { cancelled_.store(true, std::memory_order_release); }
  bool is_cancelled() const { return cancelled_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> cancelled_{false};
};

using CancellationTokenPtr = std::shared_ptr<CancellationToken>;

}  // namespace gw
