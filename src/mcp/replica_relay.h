#pragma once
// What one replica hands another through Redis pub/sub (server.state_store: redis://…), on two
// channels of the scope:
//   gw:<scope>:cancel    a notifications/cancelled this process cannot match
//                        (basic/utilities/cancellation): every replica applies it to the requests
//                        it runs; one that arrives after its request finished is ignored, as the
//                        specification asks of unknown ids.
//   gw:<scope>:messages  a POST /{scope}/messages?session_id=… (legacy HTTP+SSE, 2024-11-05
//                        basic/transports) that landed on a replica that does not hold the
//                        session's SSE stream: the replica holding it runs the body and answers on
//                        the stream.
// Redis delivers one channel's messages to a subscriber in the order it executed the PUBLISHes,
// and a POST is answered 202 only after its PUBLISH, so a client's POSTs arrive in the order it
// sent them.
//
// Which replica holds a legacy stream, and for whom, is the key gw:<scope>:sse:<session id> (the
// session's owner) with a TTL of kStreamRecordTtlS, renewed while the stream is open: a replica
// that dies (kill -9) stops renewing, and after at most that long its streams are unknown (404).

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "mcp/in_flight.h"
#include "util/status.h"

namespace gw::redis {
class Client;
}  // namespace gw::redis

namespace gw::mcp {

// A legacy POST as the receiving replica saw it: whose it is and what it carries.
struct RelayedPost {
  std::string session_id;
  std::string client_id;
  std::string user;
  std::string request_id;  // the HTTP request id of the POST, for logs
  std::string body;
};

class ReplicaRelay {
 public:
  static constexpr int kStreamRecordTtlS = 60;

  // Subscribes at once (a background thread, which reconnects after a Redis outage) and hooks
  // itself into `in_flight`. `prefix` is the scope's key prefix ("gw:<scope>:").
  // REQUIRES: `in_flight` outlives the relay.
  ReplicaRelay(std::shared_ptr<redis::Client> client, std::string prefix,
               InFlightRequests& in_flight);
  ~ReplicaRelay();
  ReplicaRelay(const ReplicaRelay&) = delete;
  ReplicaRelay& operator=(const ReplicaRelay&) = delete;

  // True once the subscription is in place (tests wait for it before publishing).
  bool subscribed() const { return subscribed_.load(); }

  // Where relayed POSTs go on this replica: called on the relay's thread, in order, for every
  // POST of the scope; the handler ignores those for streams it does not hold and must not block.
  using PostHandler = std::function<void(RelayedPost)>;
  void set_post_handler(PostHandler handler);

  // A legacy stream opened / closed here: announced (and renewed) under gw:<scope>:sse:<id>.
  void stream_opened(const std::string& session_id, const std::string& owner);
  void stream_closed(const std::string& session_id);
  // The owner of a legacy stream some replica holds: NotFound when none does, Unavailable when
  // Redis cannot answer.
  Result<std::string> stream_owner(const std::string& session_id);
  // Hands `post` to the replica holding its stream.
  Status relay_post(const RelayedPost& post);

 private:
  static void publish_cancel(redis::Client& client, const std::string& channel,
                             const std::string& owner, const nlohmann::json& request_id);
  void run();
  void deliver(const std::string& channel, const std::string& payload);
  void renew_streams();
  std::string stream_key(const std::string& session_id) const;

  std::shared_ptr<redis::Client> client_;
  const std::string prefix_;
  const std::string cancel_channel_;
  const std::string messages_channel_;
  InFlightRequests& in_flight_;
  std::mutex mutex_;
  PostHandler post_handler_;                    // guarded by mutex_
  std::map<std::string, std::string> streams_;  // session id -> owner; guarded by mutex_
  std::atomic<bool> stop_{false};
  std::atomic<bool> subscribed_{false};
  std::thread thread_;
};

}  // namespace gw::mcp
