#include "db/pool.h"

#include <chrono>
#include <utility>

#include <fmt/format.h>

namespace gw::db {

Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::move(other.connection_)) {}

Pool::Lease& Pool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

Pool::Lease::~Lease() { release(); }

void Pool::Lease::release() {
  if (pool_ != nullptr && connection_) pool_->give_back(std::move(connection_), false);
  pool_ = nullptr;
}

void Pool::Lease::discard() {
  if (pool_ != nullptr && connection_) pool_->give_back(std::move(connection_), true);
  pool_ = nullptr;
}

Pool::Pool(std::string name, std::unique_ptr<Connector> connector, PoolOptions options)
    : name_(std::move(name)), connector_(std::move(connector)), options_(options) {}

Pool::~Pool() = default;

Result<Pool::Lease> Pool::acquire() {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.acquire_timeout_ms);
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    while (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      // is_broken() is a non-blocking poll of the socket: no I/O wait under the lock.
      if (connection->is_broken()) {
        --counters_.size;
        ++counters_.broken_total;
        lock.unlock();
        connection.reset();  // dbclose outside the lock
        lock.lock();
        continue;
      }
      ++counters_.in_use;
      return Lease(this, std::move(connection));
    }
    if (counters_.size < options_.max_size) {
      ++counters_.size;  // reserve the slot, then log in without the lock
      ++counters_.in_use;
      lock.unlock();
      Result<std::unique_ptr<Connection>> opened = connector_->connect();
      lock.lock();
      if (!opened) {
        --counters_.size;
        --counters_.in_use;
        ++counters_.connect_failures_total;
        available_.notify_one();
        return opened.status();
      }
      ++counters_.opened_total;
      return Lease(this, std::move(*opened));
    }
    ++counters_.waiting;
    const bool woke = available_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    --counters_.waiting;
    if (!woke && idle_.empty() && counters_.size >= options_.max_size) {
      ++counters_.acquire_timeouts_total;
      return resource_exhausted(
          fmt::format("database busy: all {} connections of scope \"{}\" stayed in use for {} ms; "
                      "try again shortly",
                      options_.max_size, name_, options_.acquire_timeout_ms));
    }
  }
}

void Pool::give_back(std::unique_ptr<Connection> connection, bool discard) {
  const bool broken = discard || connection->is_broken();
  std::unique_lock<std::mutex> lock(mutex_);
  --counters_.in_use;
  if (broken) {
    --counters_.size;
    ++counters_.broken_total;
    lock.unlock();
    connection.reset();
  } else {
    idle_.push_back(std::move(connection));
    lock.unlock();
  }
  available_.notify_one();
}

Status Pool::execute(std::string_view sql, const QueryOptions& options, RowSink& sink) {
  Result<Lease> lease = acquire();
  if (!lease) return lease.status();
  return (*lease)->execute(sql, options, sink);
}

PoolCounters Pool::counters() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counters_;
}

}  // namespace gw::db
