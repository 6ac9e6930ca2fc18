#include "mcp/cancel_relay.h"

#include <chrono>

#include "redis/client.h"
#include "util/log.h"

namespace gw::mcp {
namespace {

// How long one wait for a message lasts: the bound on how long stopping the relay takes.
constexpr int kPollMs = 250;

}  // namespace

CancelRelay::CancelRelay(std::shared_ptr<redis::Client> client, std::string channel,
                         InFlightRequests& in_flight)
    : client_(std::move(client)), channel_(std::move(channel)), in_flight_(in_flight) {
  // Captures copies, not `this`: a cancel() that copied the relay may still call it while the
  // relay is being destroyed.
  in_flight_.set_relay(
      [client = client_, channel = channel_](const std::string& owner, const nlohmann::json& id) {
        publish(*client, channel, owner, id);
      });
  thread_ = std::thread([this] { run(); });
}

CancelRelay::~CancelRelay() {
  in_flight_.set_relay(nullptr);
  stop_.store(true);
  thread_.join();
}

void CancelRelay::publish(redis::Client& client, const std::string& channel,
                          const std::string& owner, const nlohmann::json& request_id) {
  const std::string message = nlohmann::json{{"owner", owner}, {"id", request_id}}.dump();
  auto r = client.command({"PUBLISH", channel, message});
  if (!r) log::warning("cancellation not relayed", {{"error", r.status().message()}});
}

void CancelRelay::run() {
  while (!stop_.load()) {
    auto sub = client_->subscribe({channel_});
    if (!sub) {
      std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
      continue;
    }
    subscribed_.store(true);
    while (!stop_.load()) {
      auto message = (*sub)->next(kPollMs);
      if (!message) {
        if (message.status().code() == StatusCode::kDeadlineExceeded) continue;
        break;  // the connection broke: subscribe again
      }
      nlohmann::json m = nlohmann::json::parse(message->payload, nullptr, false);
      if (!m.is_object() || !m.contains("owner") || !m["owner"].is_string()) continue;
      in_flight_.cancel_here(m["owner"].get<std::string>(), m.value("id", nlohmann::json()));
    }
    subscribed_.store(false);
  }
}

}  // namespace gw::mcp
