#include "mcp/replica_relay.h"

#include <chrono>
#include <vector>

#include "redis/client.h"
#include "util/log.h"

namespace gw::mcp {
namespace {

// How long one wait for a message lasts: the bound on how long stopping the relay takes.
constexpr int kPollMs = 250;
// A third of the record's TTL: two renewals may fail (a short Redis outage) before it lapses.
constexpr auto kRenewEvery = std::chrono::seconds(ReplicaRelay::kStreamRecordTtlS / 3);

}  // namespace

ReplicaRelay::ReplicaRelay(std::shared_ptr<redis::Client> client, std::string prefix,
                           InFlightRequests& in_flight)
    : client_(std::move(client)),
      prefix_(std::move(prefix)),
      cancel_channel_(prefix_ + "cancel"),
      messages_channel_(prefix_ + "messages"),
      in_flight_(in_flight) {
  // Captures copies, not `this`: a cancel() that copied the relay may still call it while the
  // relay is being destroyed.
  in_flight_.set_relay([client = client_, channel = cancel_channel_](const std::string& owner,
                                                                     const nlohmann::json& id) {
    publish_cancel(*client, channel, owner, id);
  });
  thread_ = std::thread([this] { run(); });
}

ReplicaRelay::~ReplicaRelay() {
  in_flight_.set_relay(nullptr);
  stop_.store(true);
  thread_.join();
}

void ReplicaRelay::set_post_handler(PostHandler handler) {
  std::lock_guard lock(mutex_);
  post_handler_ = std::move(handler);
}

std::string ReplicaRelay::stream_key(const std::string& session_id) const {
  return prefix_ + "sse:" + session_id;
}

void ReplicaRelay::stream_opened(const std::string& session_id, const std::string& owner) {
  {
    std::lock_guard lock(mutex_);
    streams_[session_id] = owner;
  }
  auto r = client_->command(
      {"SET", stream_key(session_id), owner, "EX", std::to_string(kStreamRecordTtlS)});
  // The stream works; POSTs that land on another replica are 404 until a renewal succeeds.
  if (!r) log::warning("legacy SSE stream not announced", {{"error", r.status().message()}});
}

void ReplicaRelay::stream_closed(const std::string& session_id) {
  {
    std::lock_guard lock(mutex_);
    streams_.erase(session_id);
  }
  (void)client_->command({"DEL", stream_key(session_id)});  // else it lapses with its TTL
}

Result<std::string> ReplicaRelay::stream_owner(const std::string& session_id) {
  auto r = client_->command({"GET", stream_key(session_id)});
  if (!r) return r.status();
  if (r->is_nil()) return not_found("no such legacy stream");
  return r->text;
}

Status ReplicaRelay::relay_post(const RelayedPost& post) {
  const std::string message = nlohmann::json{
      {"session_id", post.session_id},
      {"client_id", post.client_id},
      {"user", post.user},
      {"request_id", post.request_id},
      {"body", post.body}}.dump();
  auto r = client_->command({"PUBLISH", messages_channel_, message});
  return r ? Status::ok() : r.status();
}

void ReplicaRelay::publish_cancel(redis::Client& client, const std::string& channel,
                                  const std::string& owner, const nlohmann::json& request_id) {
  const std::string message = nlohmann::json{{"owner", owner}, {"id", request_id}}.dump();
  auto r = client.command({"PUBLISH", channel, message});
  if (!r) log::warning("cancellation not relayed", {{"error", r.status().message()}});
}

void ReplicaRelay::deliver(const std::string& channel, const std::string& payload) {
  const nlohmann::json m = nlohmann::json::parse(payload, nullptr, false);
  if (!m.is_object()) return;
  if (channel == cancel_channel_) {
    if (!m.contains("owner") || !m["owner"].is_string()) return;
    in_flight_.cancel_here(m["owner"].get<std::string>(), m.value("id", nlohmann::json()));
    return;
  }
  auto text = [&m](const char* field) {
    const auto it = m.find(field);
    return it != m.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  RelayedPost post{text("session_id"), text("client_id"), text("user"), text("request_id"),
                   text("body")};
  PostHandler handler;
  {
    std::lock_guard lock(mutex_);
    if (streams_.count(post.session_id) == 0) return;  // another replica's stream
    handler = post_handler_;
  }
  if (handler) handler(std::move(post));
}

void ReplicaRelay::renew_streams() {
  std::map<std::string, std::string> streams;
  {
    std::lock_guard lock(mutex_);
    streams = streams_;
  }
  // SET, not EXPIRE: a Redis that restarted empty learns the streams again.
  for (const auto& [id, owner] : streams) {
    (void)client_->command({"SET", stream_key(id), owner, "EX", std::to_string(kStreamRecordTtlS)});
  }
}

void ReplicaRelay::run() {
  auto next_renewal = std::chrono::steady_clock::now() + kRenewEvery;
  auto renew_if_due = [&] {
    if (std::chrono::steady_clock::now() < next_renewal) return;
    renew_streams();
    next_renewal = std::chrono::steady_clock::now() + kRenewEvery;
  };
  while (!stop_.load()) {
    auto sub = client_->subscribe({cancel_channel_, messages_channel_});
    if (!sub) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
      renew_if_due();
      continue;
    }
    subscribed_.store(true);
    while (!stop_.load()) {
      renew_if_due();
      auto message = (*sub)->next(kPollMs);
      if (!message) {
        if (message.status().code() == StatusCode::kDeadlineExceeded) continue;
        break;  // the connection broke: subscribe again
      }
      deliver(message->channel, message->payload);
    }
    subscribed_.store(false);
  }
}

}  // namespace gw::mcp
