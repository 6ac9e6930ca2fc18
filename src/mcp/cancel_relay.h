#pragma once
// notifications/cancelled for a request that runs on another replica (server.state_store:
// redis://…; basic/utilities/cancellation): a cancellation this process cannot match is published
// on the scope's channel gw:<scope>:cancel, and every replica's subscriber applies it to the
// requests it runs. Redis pub/sub delivers one publisher's messages in order; one that arrives
// after its request finished is ignored, as the specification asks of unknown ids.

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "mcp/in_flight.h"

namespace gw::redis {
class Client;
}  // namespace gw::redis

namespace gw::mcp {

class CancelRelay {
 public:
  // Subscribes at once (a background thread, which reconnects after a Redis outage) and hooks
  // itself into `in_flight`. REQUIRES: `in_flight` outlives the relay.
  CancelRelay(std::shared_ptr<redis::Client> client, std::string channel,
              InFlightRequests& in_flight);
  ~CancelRelay();
  CancelRelay(const CancelRelay&) = delete;
  CancelRelay& operator=(const CancelRelay&) = delete;

  // True once the subscription is in place (tests wait for it before publishing).
  bool subscribed() const { return subscribed_.load(); }

 private:
  static void publish(redis::Client& client, const std::string& channel, const std::string& owner,
                      const nlohmann::json& request_id);
  void run();

  std::shared_ptr<redis::Client> client_;
  const std::string channel_;
  InFlightRequests& in_flight_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> subscribed_{false};
  std::thread thread_;
};

}  // namespace gw::mcp
