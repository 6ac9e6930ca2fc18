#pragma once
// A scope's connection pool (PgBouncer's shape: an explicit size and an acquire timeout).
// Connections are opened lazily up to max_size and reused; a broken one (DBDEAD, or closed by the
// server while idle) is dropped and replaced by the next acquire. The pool's lock is never held
// during I/O (login, queries), so a slow or dead database blocks only the callers of this pool,
// never another scope's.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "db/connection.h"
#include "util/status.h"

namespace gw::db {

struct PoolOptions {
  int max_size = 10;
  std::int64_t acquire_timeout_ms = 5000;
};

// An operator's view (for /metrics).
struct PoolCounters {
  int size = 0;  // open connections, idle or in use (including logins in progress)
  int in_use = 0;
  int waiting = 0;  // callers blocked in acquire()
  std::int64_t opened_total = 0;
  std::int64_t broken_total = 0;  // connections dropped as broken
  std::int64_t acquire_timeouts_total = 0;
  std::int64_t connect_failures_total = 0;
};

class Pool {
 public:
  // A connection on loan; returns it to the pool (or drops it when broken) on destruction.
  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // Closes the connection instead of returning it (its session state is unknown, e.g. a failed
    // ROLLBACK).
    void discard();

   private:
    friend class Pool;
    Lease(Pool* pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    void release();
    Pool* pool_ = nullptr;
    std::unique_ptr<Connection> connection_;
  };

  // name appears in error messages ("database busy" names the scope).
  Pool(std::string name, std::unique_ptr<Connector> connector, PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // An idle healthy connection, a new one when below max_size, or a wait of up to
  // acquire_timeout_ms:
  //   ResourceExhausted "database busy: ..." when none frees up in time;
  //   Unavailable when a new connection cannot be opened (the database is down or refuses the
  //   login).
  // Thread-safe.
  Result<Lease> acquire();

  // acquire() then connection.execute(); the common path of the tools.
  Status execute(std::string_view sql, const QueryOptions& options, RowSink& sink);

  PoolCounters counters() const;
  const std::string& name() const { return name_; }

 private:
  void give_back(std::unique_ptr<Connection> connection, bool discard);

  const std::string name_;
  const std::unique_ptr<Connector> connector_;
  const PoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::deque<std::unique_ptr<Connection>> idle_;  // most recently used at the back
  PoolCounters counters_;
};

}  // namespace gw::db
