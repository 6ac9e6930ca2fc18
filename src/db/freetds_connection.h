#pragma once
// The product implementation of db::Connection on FreeTDS db-lib (sybdb).
//
// Errors and messages: db-lib's handlers are process-global; freetds_runtime routes each callback
// to the connection whose DBPROCESS raised it (dbsetuserdata), so queries on many threads never mix
// their messages. Timeouts and cancellation: while db-lib waits for the server it polls
// should_interrupt() about once a second (dbsetinterrupt), and at once when a cancel wakes the
// thread (interrupt_wait in freetds_runtime.h); between rows the connection checks the token and
// the deadline itself. Either way the batch is cancelled on the server (attention / dbcancel) and
// the connection stays usable. Login timeout: "connect timeout" in the connector's
// freetds.conf section, because dbsetlogintime() is process-global and scopes may differ.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "db/connection.h"
#include "db/connection_settings.h"
#include "db/freetds_runtime.h"

namespace gw::db {

class FreeTdsConnection final : public Connection, private HandlerTarget {
 public:
  ~FreeTdsConnection() override;
  FreeTdsConnection(const FreeTdsConnection&) = delete;
  FreeTdsConnection& operator=(const FreeTdsConnection&) = delete;

  Status execute(std::string_view sql, const QueryOptions& options, RowSink& sink) override;
  bool is_broken() override;

 private:
  friend class FreeTdsConnector;
  enum class Interrupt { kNone, kTimeout, kCancel };

  FreeTdsConnection() = default;

  void on_server_message(const ServerMessage& message) override;
  int on_library_error(int dberr, const std::string& text) override;
  bool should_interrupt() override;

  // Checks the token and the deadline between rows; true when the batch must stop.
  bool poll_interrupt();
  // Streams the current result set; true when the sink or an interrupt stopped the batch.
  bool stream_result_set();
  Status outcome(const QueryOptions& options);

  DBPROCESS* dbproc_ = nullptr;
  bool broken_ = false;
  // Per batch:
  RowSink* sink_ = nullptr;
  CancellationTokenPtr cancel_;
  std::int64_t deadline_ms_ = 0;
  std::int64_t interrupted_at_ms_ = 0;
  Interrupt interrupt_ = Interrupt::kNone;
  std::optional<ServerMessage> first_error_;
  std::string last_library_error_;
};

// Opens FreeTdsConnections with one scope's settings.
class FreeTdsConnector final : public Connector {
 public:
  // scope_name names the freetds.conf section (for operators reading it); settings.password stays
  // in memory.
  static Result<std::unique_ptr<FreeTdsConnector>> create(const std::string& scope_name,
                                                          ConnectionSettings settings);
  Result<std::unique_ptr<Connection>> connect() override;

  const ConnectionSettings& settings() const { return settings_; }

 private:
  FreeTdsConnector(ConnectionSettings settings, std::string server_name)
      : settings_(std::move(settings)), server_name_(std::move(server_name)) {}

  ConnectionSettings settings_;
  std::string server_name_;  // the freetds.conf section
};

}  // namespace gw::db
