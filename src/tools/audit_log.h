#pragma once
// The audit trail of tool calls: one JSON object per line, appended to its own file (not the server
// log), so an operator can answer "who ran what on which scope, and what came of it".
//   {"time":"2026-11-24T06:40:00Z","scope":"demo","client_id":"c1","user":"alice","tool":"execute_sql",
//    "query":"SELECT 1","table":null,"rows":1,"duration_ms":3,"outcome":"ok","error":null}
// outcome: ok | error (SQL Server error) | refused (read-only) | invalid (bad arguments, unknown
// table) | timeout | cancelled | busy | unavailable | truncated (ok, but capped) | breach (a
// read-only query committed through the rollback wall: transaction_wall.h). A call whose answer
// streams (streamed_rows.h) writes a line with outcome "streaming" before its first byte leaves,
// and its line with the outcome at the end.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "util/clock.h"
#include "util/status.h"

namespace gw::tools {

struct AuditRecord {
  std::string scope;
  std::string client_id;
  std::string user;
  std::string tool;
  std::optional<std::string> query;  // execute_sql's text
  std::optional<std::string> table;  // the table argument of the other tools
  std::string database;              // the `database` argument, when the scope has several; else ""
  std::string database_user;         // database.impersonate: whom the call ran as; else ""
  std::int64_t rows = 0;
  std::int64_t duration_ms = 0;
  std::string outcome;
  std::optional<std::string> error;
};

class AuditLog {
 public:
  // Opens (creating if needed) path for appending. Thread-safe writes: each line is formatted first
  // and handed to the kernel with one write(2) on a descriptor opened with O_APPEND, so lines of
  // concurrent calls never interleave (POSIX write(): with O_APPEND no other modification comes
  // between finding the end and writing) and no call waits on another's formatting.
  static Result<std::unique_ptr<AuditLog>> open(const std::string& path,
                                                Clock& clock = SystemClock::instance());
  // An audit log that writes nothing (no audit path configured).
  static std::unique_ptr<AuditLog> disabled();
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Returns once the kernel has the line (the caller answers after it).
  void write(const AuditRecord& record);
  // The line write() appends (without the newline); pure.
  static std::string format(const AuditRecord& record, std::int64_t unix_seconds);

 private:
  AuditLog(int fd, Clock& clock) : fd_(fd), clock_(clock) {}

  int fd_;  // -1 when disabled
  Clock& clock_;
};

}  // namespace gw::tools
