#include "db/freetds_connection.h"

#include <poll.h>
#include <sybdb.h>
#include <sybfront.h>

#include <chrono>

#include <fmt/format.h>

#include "db/freetds_row_decoder.h"

namespace gw::db {
namespace {

// After an attention is sent the server must acknowledge it (MS-TDS 2.2.1.7); if it does not within
// this grace, the connection is given up (db-lib closes it) rather than waited on forever.
constexpr std::int64_t kCancelGraceMs = 10'000;
// The TDS packet size asked for at login (MS-TDS 2.2.6.4 LOGIN7 PacketSize; the server answers
// with the size it grants in an ENVCHANGE). SQL Server's default is 4,096; 16,383 is the largest it
// grants on an encrypted connection ("network packet size" server configuration option). Every
// packet costs db-lib two poll(2) and two recv(2) (header, then body): a 100,000-row result took
// 0.3x-0.7x the time at 16,383 against the devserver, and a one-row call is one packet either way
// (src/db/README.md, bench/RESULTS-conn.md).
constexpr int kPacketSize = 16383;
// SQL Server's informational login messages: database context, language and packet size changes.
constexpr int kLoginInfoMessages[] = {5701, 5703, 5704};

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Result<BYTE> tds_version_code(const std::string& version) {
  if (version == "7.4") return static_cast<BYTE>(DBVERSION_74);
  if (version == "7.3") return static_cast<BYTE>(DBVERSION_73);
  if (version == "7.2") return static_cast<BYTE>(DBVERSION_72);
  if (version == "7.1") return static_cast<BYTE>(DBVERSION_71);
  if (version == "7.0") return static_cast<BYTE>(DBVERSION_70);
  return invalid_argument(
      fmt::format("unsupported TDS version \"{}\": expected 7.0 to 7.4", version));
}

struct LoginDeleter {
  void operator()(LOGINREC* login) const { dbloginfree(login); }
};

}  // namespace

FreeTdsConnection::~FreeTdsConnection() {
  if (dbproc_ != nullptr) {
    attach_handler_target(dbproc_, nullptr);
    dbclose(dbproc_);
  }
}

bool FreeTdsConnection::is_broken() {
  if (broken_ || dbproc_ == nullptr || dbdead(dbproc_)) return broken_ = true;
  // An idle TDS connection has nothing to read: readable means the server closed it (restart) or
  // sent garbage.
  pollfd fd{dbiordesc(dbproc_), POLLIN, 0};
  if (fd.fd >= 0 && poll(&fd, 1, 0) > 0) broken_ = true;
  return broken_;
}

void FreeTdsConnection::on_server_message(const ServerMessage& message) {
  if (sink_ == nullptr) {
    for (int number : kLoginInfoMessages) {
      if (message.number == number) return;
    }
  }
  if (message.is_error() && !first_error_) first_error_ = message;
  if (sink_ != nullptr) sink_->message(message);
}

int FreeTdsConnection::on_library_error(int dberr, const std::string& text) {
  if (dberr == SYBESMSG)
    return INT_CANCEL;  // the server's own messages arrive through on_server_message
  if (dberr == SYBETIME) {
    if (interrupt_ == Interrupt::kNone) {
      interrupt_ = Interrupt::kTimeout;
      interrupted_at_ms_ = now_ms();
    }
    // INT_TIMEOUT: db-lib sends an attention and keeps the connection; past the grace, give the
    // connection up.
    return now_ms() - interrupted_at_ms_ > kCancelGraceMs ? INT_CANCEL : INT_TIMEOUT;
  }
  last_library_error_ = text;
  return INT_CANCEL;
}

bool FreeTdsConnection::should_interrupt() {
  if (sink_ == nullptr) return false;
  if (interrupt_ != Interrupt::kNone) return now_ms() - interrupted_at_ms_ > kCancelGraceMs;
  return poll_interrupt();
}

bool FreeTdsConnection::poll_interrupt() {
  if (interrupt_ != Interrupt::kNone) return true;
  if (cancel_ && cancel_->is_cancelled()) {
    interrupt_ = Interrupt::kCancel;
  } else if (deadline_ms_ > 0 && now_ms() >= deadline_ms_) {
    interrupt_ = Interrupt::kTimeout;
  } else {
    return false;
  }
  interrupted_at_ms_ = now_ms();
  return true;
}

Status FreeTdsConnection::execute(std::string_view sql, const QueryOptions& options,
                                  RowSink& sink) {
  if (is_broken()) return unavailable("the database connection is broken");
  // A cancel wakes this thread out of db-lib's wait (freetds_runtime.h); the subscription ends with
  // this call, before the thread can go on to anything else.
  CancellationToken::Subscription wake;
  if (options.cancel) {
    wake = CancellationToken::on_cancel(options.cancel,
                                        [thread = pthread_self()] { interrupt_wait(thread); });
    // Checked after subscribing: a cancel from now on is either seen here or sends the wake-up.
    if (options.cancel->is_cancelled()) return cancelled("the query was cancelled by the client");
  }
  sink_ = &sink;
  cancel_ = options.cancel;
  deadline_ms_ = options.timeout_ms > 0 ? now_ms() + options.timeout_ms : 0;
  interrupt_ = Interrupt::kNone;
  first_error_.reset();
  last_library_error_.clear();

  const std::string text(sql);
  bool stopped = false;
  if (dbcmd(dbproc_, text.c_str()) == FAIL) {
    dbfreebuf(dbproc_);
    sink_ = nullptr;
    cancel_.reset();
    return internal_error("db-lib could not buffer the query text");
  }
  if (dbsqlexec(dbproc_) == SUCCEED || (!dbdead(dbproc_) && interrupt_ == Interrupt::kNone)) {
    // dbsqlexec fails for an error in the first statement; later statements of the batch may still
    // run.
    int failures = 0;
    RETCODE rc;
    while (!stopped && (rc = dbresults(dbproc_)) != NO_MORE_RESULTS) {
      if (rc == FAIL) {
        if (dbdead(dbproc_) || interrupt_ != Interrupt::kNone || ++failures > 10'000) break;
        continue;
      }
      stopped = stream_result_set();
    }
  }
  if ((stopped || interrupt_ != Interrupt::kNone) && !dbdead(dbproc_)) dbcancel(dbproc_);
  Status status = outcome(options);
  sink_ = nullptr;
  cancel_.reset();
  return status;
}

bool FreeTdsConnection::stream_result_set() {
  if (dbnumcols(dbproc_) <= 0) {
    const DBINT count = dbcount(dbproc_);
    if (count >= 0) sink_->statement_done(count);
    return poll_interrupt();
  }
  const RowDecoder decoder(dbproc_);
  sink_->begin_result_set(decoder.columns());
  STATUS row;
  while ((row = dbnextrow(dbproc_)) != NO_MORE_ROWS) {
    if (row == FAIL) return true;
    if (row == REG_ROW && sink_->encoded_row(decoder) == SinkAction::kStop) return true;
    if (poll_interrupt()) return true;
  }
  const DBINT count = dbcount(dbproc_);
  sink_->end_result_set(count >= 0 ? std::optional<std::int64_t>(count) : std::nullopt);
  return false;
}

Status FreeTdsConnection::outcome(const QueryOptions& options) {
  if (dbdead(dbproc_)) {
    broken_ = true;
    return unavailable(fmt::format("the database connection was lost{}{}",
                                   last_library_error_.empty() ? "" : ": ", last_library_error_));
  }
  if (interrupt_ == Interrupt::kTimeout) {
    return deadline_exceeded(fmt::format(
        "the query ran longer than its time limit of {} ms and was cancelled on the server",
        options.timeout_ms));
  }
  if (interrupt_ == Interrupt::kCancel) return cancelled("the query was cancelled by the client");
  if (first_error_) {
    const ServerMessage& e = *first_error_;
    return Status(StatusCode::kInvalidArgument,
                  fmt::format("SQL Server error {} (severity {}, state {}, line {}): {}", e.number,
                              e.severity, e.state, e.line, e.text),
                  SqlServerError{e.number, e.severity, e.state, e.line});
  }
  return Status::ok();
}

Result<std::unique_ptr<FreeTdsConnector>> FreeTdsConnector::create(const std::string& scope_name,
                                                                   ConnectionSettings settings) {
  GW_RETURN_IF_ERROR(ensure_freetds_initialized());
  if (Result<BYTE> version = tds_version_code(settings.tds_version); !version)
    return version.status();
  Result<std::string> section = register_server_section(scope_name, settings);
  if (!section) return section.status();
  return std::unique_ptr<FreeTdsConnector>(
      new FreeTdsConnector(std::move(settings), std::move(*section)));
}

Result<std::unique_ptr<Connection>> FreeTdsConnector::connect() {
  std::unique_ptr<LOGINREC, LoginDeleter> login(dblogin());
  if (!login) return internal_error("db-lib could not allocate a login record");
  DBSETLUSER(login.get(), settings_.user.c_str());
  DBSETLPWD(login.get(), settings_.password.reveal().c_str());
  DBSETLAPP(login.get(), settings_.application_name.c_str());
  DBSETLCHARSET(login.get(), "UTF-8");
  DBSETLVERSION(login.get(), tds_version_code(settings_.tds_version).value());
  DBSETLPACKET(login.get(), kPacketSize);
  if (!settings_.database.empty()) DBSETLDBNAME(login.get(), settings_.database.c_str());

  std::unique_ptr<FreeTdsConnection> connection(new FreeTdsConnection());
  {
    ScopedLoginTarget route(connection.get());
    connection->dbproc_ = dbopen(login.get(), server_name_.c_str());
  }
  if (connection->dbproc_ == nullptr) {
    std::string reason =
        connection->first_error_ ? connection->first_error_->text : connection->last_library_error_;
    if (reason.empty()) reason = "unknown db-lib error";
    return unavailable(fmt::format("cannot connect to database \"{}\" at {}:{} as \"{}\": {}",
                                   settings_.database, settings_.host, settings_.port,
                                   settings_.user, reason));
  }
  connection->first_error_.reset();
  connection->last_library_error_.clear();
  attach_handler_target(connection->dbproc_, connection.get());
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace gw::db
