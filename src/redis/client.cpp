#include "redis/client.h"

#include <chrono>

#include "redis/wire.h"
#include "util/log.h"

namespace gw::redis {

struct Client::Connection {
  std::unique_ptr<Wire> wire;
  bool fresh = false;  // connected by this borrow: a failure is not a stale socket
  void close() { wire.reset(); }
};

Client::Client(config::StateStore address, ClientOptions options, const Clock& clock)
    : address_(std::move(address)),
      options_(options),
      clock_(clock),
      display_(address_.display()) {}

Client::~Client() = default;

std::unique_ptr<Client::Connection> Client::borrow() {
  std::unique_lock lock(mu_);
  freed_.wait(lock, [&] { return !idle_.empty() || open_ < options_.pool_size; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  ++open_;
  return std::make_unique<Connection>();
}

void Client::give_back(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(connection));
  }
  freed_.notify_one();
}

Status Client::connect(Connection& connection) {
  {
    std::lock_guard lock(mu_);
    if (clock_.monotonic_ms() < down_until_ms_) return unavailable(down_reason_);
  }
  connection.close();
  auto fail = [&](const std::string& why) {
    connection.close();
    std::lock_guard lock(mu_);
    const bool was_healthy = healthy_;
    healthy_ = false;
    down_reason_ = "state store " + display_ + " is unreachable: " + why;
    down_until_ms_ = clock_.monotonic_ms() + options_.retry_after_failure_ms;
    if (was_healthy) log::error("state store unreachable", {{"store", display_}, {"error", why}});
    return unavailable(down_reason_);
  };
  auto wire = Wire::open(address_, options_.connect_timeout_ms);
  if (!wire) return fail(wire.status().message());
  connection.wire = std::move(*wire);
  auto setup = [&](const std::vector<std::string>& args, const char* what) -> Status {
    auto r = connection.wire->call(args, options_.command_timeout_ms);
    if (!r) return fail(r.status().message());
    if (r->type == Reply::Type::kError) return fail(std::string(what) + " refused: " + r->text);
    return Status::ok();
  };
  if (!address_.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!address_.user.empty()) auth.push_back(address_.user);
    auth.push_back(address_.password.reveal());
    GW_RETURN_IF_ERROR(setup(auth, "AUTH"));
  }
  if (address_.database != 0) {
    GW_RETURN_IF_ERROR(setup({"SELECT", std::to_string(address_.database)}, "SELECT"));
  }
  connection.fresh = true;
  std::lock_guard lock(mu_);
  if (!healthy_) log::info("state store reachable again", {{"store", display_}});
  healthy_ = true;
  down_until_ms_ = 0;
  return Status::ok();
}

Result<Reply> Client::command(const std::vector<std::string>& args) {
  auto connection = borrow();
  struct GiveBack {
    Client* client;
    std::unique_ptr<Connection>& connection;
    ~GiveBack() { client->give_back(std::move(connection)); }
  } give_back{this, connection};
  // A pooled socket may have died with a Redis restart: its first command fails at once, so one
  // retry on a new connection (a fresh connection's failure is final).
  for (int attempt = 0; attempt < 2; ++attempt) {
    connection->fresh = false;
    if (!connection->wire) GW_RETURN_IF_ERROR(connect(*connection));
    auto r = connection->wire->call(args, options_.command_timeout_ms);
    if (!r) {
      const std::string why = r.status().message();
      connection->close();
      if (!connection->fresh && attempt == 0) continue;
      std::lock_guard lock(mu_);
      if (healthy_) log::error("state store unreachable", {{"store", display_}, {"error", why}});
      healthy_ = false;
      return unavailable("state store " + display_ + " is unreachable: " + why);
    }
    Reply reply = std::move(*r);
    if (reply.type == Reply::Type::kError) {
      // LOADING (a restart replaying its data) and the like are transient: say Unavailable.
      if (reply.text.rfind("LOADING", 0) == 0 || reply.text.rfind("MASTERDOWN", 0) == 0) {
        return unavailable("state store " + display_ + ": " + reply.text);
      }
      return internal_error("state store " + display_ + ": " + reply.text);
    }
    return reply;
  }
  return unavailable("state store " + display_ + " is unreachable");
}

Status Client::ping() {
  auto reply = command({"PING"});
  if (!reply) return reply.status();
  return Status::ok();
}

bool Client::healthy() const {
  std::lock_guard lock(mu_);
  return healthy_;
}

Result<std::unique_ptr<Client::Subscription>> Client::subscribe(
    const std::vector<std::string>& channels) {
  std::unique_ptr<Subscription> sub(new Subscription());
  sub->connection_ = std::make_unique<Connection>();
  GW_RETURN_IF_ERROR(connect(*sub->connection_));
  std::vector<std::string> args = {"SUBSCRIBE"};
  args.insert(args.end(), channels.begin(), channels.end());
  Wire& wire = *sub->connection_->wire;
  Status sent = wire.send(args, options_.command_timeout_ms);
  if (!sent.is_ok()) return unavailable("state store " + display_ + ": " + sent.message());
  // One confirmation per channel.
  for (std::size_t i = 0; i < channels.size(); ++i) {
    auto r = wire.receive(options_.command_timeout_ms);
    if (!r) return unavailable("state store " + display_ + ": " + r.status().message());
  }
  return sub;
}

Client::Subscription::~Subscription() = default;

Result<Client::Subscription::Message> Client::Subscription::next(int timeout_ms) {
  if (!connection_->wire) return unavailable("subscription closed");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) return deadline_exceeded("no message");
    auto reply = connection_->wire->receive(static_cast<int>(left));
    if (!reply) {
      if (reply.status().code() == StatusCode::kDeadlineExceeded) return reply.status();
      connection_->close();
      return unavailable("subscription broke");
    }
    // ["message", channel, payload]; confirmations and pongs are skipped.
    if (reply->type == Reply::Type::kArray && reply->elements.size() == 3 &&
        reply->elements[0].text == "message") {
      return Message{reply->elements[1].text, reply->elements[2].text};
    }
  }
}

}  // namespace gw::redis
