#include "redis/client.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <sys/time.h>

#include <cerrno>
#include <chrono>

#include "util/log.h"

namespace gw::redis {
namespace {

timeval to_timeval(int ms) { return timeval{ms / 1000, (ms % 1000) * 1000}; }

Reply copy_reply(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING: out.type = Reply::Type::kString; break;
    case REDIS_REPLY_STATUS: out.type = Reply::Type::kStatus; break;
    case REDIS_REPLY_ERROR: out.type = Reply::Type::kError; break;
    case REDIS_REPLY_INTEGER: out.type = Reply::Type::kInteger; break;
    case REDIS_REPLY_ARRAY: out.type = Reply::Type::kArray; break;
    default: out.type = Reply::Type::kNil; break;
  }
  if (r->str != nullptr) out.text.assign(r->str, r->len);
  out.integer = r->integer;
  for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy_reply(r->element[i]));
  return out;
}

// Sends `args` on `c` and reads one reply; null on an I/O or protocol error (c->err says which).
redisReply* run(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  return static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data()));
}

}  // namespace

struct Client::Connection {
  redisContext* context = nullptr;
  bool fresh = false;  // connected by this borrow: a failure is not a stale socket
  ~Connection() { close(); }
  void close() {
    if (context != nullptr) redisFree(context);
    context = nullptr;
  }
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
  redisContext* c = redisConnectWithTimeout(address_.host.c_str(), address_.port,
                                            to_timeval(options_.connect_timeout_ms));
  if (c == nullptr) return fail("out of memory");
  connection.context = c;
  if (c->err != 0) return fail(c->errstr);
  redisSetTimeout(c, to_timeval(options_.command_timeout_ms));
  auto setup = [&](const std::vector<std::string>& args, const char* what) -> Status {
    redisReply* r = run(c, args);
    if (r == nullptr) return fail(c->errstr);
    const bool refused = r->type == REDIS_REPLY_ERROR;
    std::string text = r->str != nullptr ? std::string(r->str, r->len) : "";
    freeReplyObject(r);
    if (refused) return fail(std::string(what) + " refused: " + text);
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
    if (connection->context == nullptr) GW_RETURN_IF_ERROR(connect(*connection));
    redisReply* r = run(connection->context, args);
    if (r == nullptr) {
      std::string why = connection->context->errstr;
      connection->close();
      if (!connection->fresh && attempt == 0) continue;
      std::lock_guard lock(mu_);
      if (healthy_) log::error("state store unreachable", {{"store", display_}, {"error", why}});
      healthy_ = false;
      return unavailable("state store " + display_ + " is unreachable: " + why);
    }
    Reply reply = copy_reply(r);
    freeReplyObject(r);
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
  redisContext* c = sub->connection_->context;
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  if (redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data()) !=
      REDIS_OK) {
    return unavailable("state store " + display_ + ": " + c->errstr);
  }
  // One confirmation per channel.
  for (std::size_t i = 0; i < channels.size(); ++i) {
    void* r = nullptr;
    if (redisGetReply(c, &r) != REDIS_OK || r == nullptr) {
      return unavailable("state store " + display_ + ": " + c->errstr);
    }
    freeReplyObject(r);
  }
  return sub;
}

Client::Subscription::~Subscription() = default;

Result<Client::Subscription::Message> Client::Subscription::next(int timeout_ms) {
  redisContext* c = connection_->context;
  if (c == nullptr) return unavailable("subscription closed");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(c, &raw) != REDIS_OK) {
      connection_->close();
      return unavailable("subscription broke");
    }
    if (raw != nullptr) {
      auto* r = static_cast<redisReply*>(raw);
      Reply reply = copy_reply(r);
      freeReplyObject(r);
      // ["message", channel, payload]; confirmations and pongs are skipped.
      if (reply.type == Reply::Type::kArray && reply.elements.size() == 3 &&
          reply.elements[0].text == "message") {
        return Message{reply.elements[1].text, reply.elements[2].text};
      }
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return deadline_exceeded("no message");
    pollfd p{c->fd, POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return deadline_exceeded("no message");
    if (ready < 0 || redisBufferRead(c) != REDIS_OK) {
      connection_->close();
      return unavailable("subscription broke");
    }
  }
}

}  // namespace gw::redis
