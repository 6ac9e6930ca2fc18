#pragma once
// Requests of one scope that are running, so that notifications/cancelled can reach them
// (basic/utilities/cancellation: the receiver SHOULD stop; unknown or finished ids are ignored).

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "util/cancellation.h"

namespace gw::mcp {

class InFlightRequests {
 public:
  // Unregisters on destruction. Movable, not copyable.
  class Registration {
   public:
    Registration() = default;
    Registration(InFlightRequests* table, std::string key, CancellationTokenPtr token)
        : table_(table), key_(std::move(key)), token_(std::move(token)) {}
    Registration(Registration&& other) noexcept { *this = std::move(other); }
    Registration& operator=(Registration&& other) noexcept;
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    ~Registration();

   private:
    InFlightRequests* table_ = nullptr;
    std::string key_;
    CancellationTokenPtr token_;
  };

  // owner: the session id, or the client identity for sessionless requests; ids are unique only
  // within it (basic/index § Requests).
  [[nodiscard]] Registration add(const std::string& owner, const nlohmann::json& request_id,
                                 CancellationTokenPtr token);
  // Cancels the request if it is running here; when it is not, hands the cancellation to the relay
  // (another replica may run it: replica_relay.h). False when not running here.
  bool cancel(const std::string& owner, const nlohmann::json& request_id);
  // The same, without the relay: for cancellations the relay delivers.
  bool cancel_here(const std::string& owner, const nlohmann::json& request_id);
  using Relay = std::function<void(const std::string& owner, const nlohmann::json& request_id)>;
  void set_relay(Relay relay);
  // Cancels every running request of owner (its answers can no longer be delivered); how many.
  std::size_t cancel_all(const std::string& owner);
  // The owner of a session's requests.
  static std::string session_owner(const std::string& session_id) {
    return "session:" + session_id;
  }
  std::size_t size() const;

 private:
  static std::string key_of(const std::string& owner, const nlohmann::json& request_id);
  void remove(const std::string& key, const CancellationTokenPtr& token);

  mutable std::mutex mutex_;
  std::map<std::string, CancellationTokenPtr> running_;
  Relay relay_;  // guarded by mutex_
};

}  // namespace gw::mcp
