#pragma once
// The database seam: Connection is what the pool hands out and the tools run queries on.
// The product implementation is FreeTdsConnection (freetds_connection.h); tests inject faults with
// ConnectionWrapper around the real one, never a fake where the real thing runs.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "db/row_sink.h"
#include "util/cancellation.h"
#include "util/status.h"

namespace gw::db {

struct QueryOptions {
  // Wall-clock budget of the whole batch; 0 = no limit. Past it the batch is cancelled on the
  // server.
  std::int64_t timeout_ms = 0;
  // Polled while db-lib waits for the server and between rows; cancelled -> the batch is cancelled
  // on the server.
  CancellationTokenPtr cancel;
};

// One login session. REQUIRES: used by one thread at a time (the pool guarantees it).
class Connection {
 public:
  virtual ~Connection() = default;

  // Sends one T-SQL batch and streams every result set, row count and message into sink.
  // Returns OK when the batch completed without a server error, even if sink stopped it early
  // (caps). Otherwise:
  //   InvalidArgument   SQL Server reported an error (all messages also reached sink.message());
  //   DeadlineExceeded  options.timeout_ms passed; the batch was cancelled on the server;
  //   Cancelled         options.cancel was set; the batch was cancelled on the server;
  //   Unavailable       the connection broke (server gone, network cut): is_broken() is now true.
  // After any of these, except Unavailable, the connection is idle and usable for the next batch.
  virtual Status execute(std::string_view sql, const QueryOptions& options, RowSink& sink) = 0;

  // True once the connection cannot be used again (db-lib's DBDEAD, or the server closed the socket
  // while idle). Cheap: no round trip.
  virtual bool is_broken() = 0;
};

// Opens connections for a pool; one per scope, holding its login settings.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual Result<std::unique_ptr<Connection>> connect() = 0;
};

// Forwards everything to a real connection; a test overrides one method to inject one fault.
class ConnectionWrapper : public Connection {
 public:
  explicit ConnectionWrapper(std::unique_ptr<Connection> target) : target_(std::move(target)) {}
  Status execute(std::string_view sql, const QueryOptions& options, RowSink& sink) override {
    return target_->execute(sql, options, sink);
  }
  bool is_broken() override { return target_->is_broken(); }

 protected:
  Connection& target() { return *target_; }

 private:
  std::unique_ptr<Connection> target_;
};

}  // namespace gw::db
