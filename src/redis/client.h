#pragma once
// A thread-safe Redis client over hiredis (blocking, one command per round trip): a small pool of
// connections, each opened on first use, authenticated (AUTH) and switched to the configured
// database (SELECT). A connection that fails is dropped and opened again by a later call, so a
// Redis restart needs no gateway restart. While Redis cannot be reached, calls fail at once
// (Unavailable) for a short back-off instead of each waiting out a connect timeout.
//
// No hiredis type crosses this header: replies are copied into Reply.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/state_store.h"
#include "util/clock.h"
#include "util/status.h"

namespace gw::redis {

// One reply (RESP2), copied out of hiredis's.
struct Reply {
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::string text;  // kString, kStatus, kError
  long long integer = 0;
  std::vector<Reply> elements;

  bool is_nil() const { return type == Type::kNil; }
};

struct ClientOptions {
  int pool_size = 8;
  int connect_timeout_ms = 1000;
  int command_timeout_ms = 3000;
  // After a failed connect, calls fail at once for this long (the OAuth endpoints answer 503).
  int retry_after_failure_ms = 500;
};

class Client {
 public:
  // REQUIRES address.is_redis(). Connects lazily: call ping() to learn whether Redis is there.
  explicit Client(config::StateStore address, ClientOptions options = {},
                  const Clock& clock = SystemClock::instance());
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Runs one command. Unavailable when Redis cannot be reached (the message names the address,
  // never the password); an error reply (a script error, WRONGTYPE) is Internal with Redis's text.
  Result<Reply> command(const std::vector<std::string>& args);
  // PING: OK when Redis answers.
  Status ping();
  // False from a failed call until a later call reaches Redis again.
  bool healthy() const;
  // "redis://user@host:port/db", without the password.
  const std::string& display() const { return display_; }
  const config::StateStore& address() const { return address_; }

  // One dedicated connection for SUBSCRIBE (blocking reads), authenticated and on the database.
  // Unavailable when Redis cannot be reached.
  class Subscription;
  Result<std::unique_ptr<Subscription>> subscribe(const std::vector<std::string>& channels);

 private:
  struct Connection;
  std::unique_ptr<Connection> borrow();
  void give_back(std::unique_ptr<Connection> connection);
  Status connect(Connection& connection);

  const config::StateStore address_;
  const ClientOptions options_;
  const Clock& clock_;
  const std::string display_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
  std::int64_t down_until_ms_ = 0;
  std::string down_reason_;
  bool healthy_ = true;
};

// A SUBSCRIBE connection: next() blocks for a message up to the command timeout.
class Client::Subscription {
 public:
  struct Message {
    std::string channel;
    std::string payload;
  };
  ~Subscription();
  // A message; DeadlineExceeded when none came within `timeout_ms` (the connection stays usable);
  // Unavailable when the connection broke (subscribe again).
  Result<Message> next(int timeout_ms);

 private:
  friend class Client;
  Subscription() = default;
  std::unique_ptr<Connection> connection_;
};

}  // namespace gw::redis
