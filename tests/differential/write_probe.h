#pragma once
// The devserver's engine in-process (translator, executor, SQLite with the demo database), asked
// whether a batch wrote anything. No sockets or TDS round trips: the executor writes its reply
// into a sink that drops it.
//
// What counts as a write: any statement the engine prepares that inserts, updates or deletes
// rows of the main database, creates, drops or alters a main object, or attaches a database
// (seen by an SQLite authorizer, so a write that a ROLLBACK later undoes still counts), and any
// change to the main schema cookie or to the file (PRAGMA data_version, read on a second
// connection). Not sqlite3_total_changes(): the devserver's catalog views (sys.*) are temp tables
// it refills on use, and those rows count there.

#include <memory>
#include <string>

namespace gw::differential {

struct WriteReport {
  int main_writes = 0;  // authorizer calls for a write to the main database
  bool schema_changed = false;
  bool data_changed = false;
  std::string first_write;  // what the first such call named, for the crash message
  bool wrote() const { return main_writes > 0 || schema_changed || data_changed; }
};

class WriteProbe {
 public:
  // Creates the demo database in a temporary directory. Aborts the process when it cannot (a
  // harness without its engine has nothing to report).
  WriteProbe();
  ~WriteProbe();
  WriteProbe(const WriteProbe&) = delete;
  WriteProbe& operator=(const WriteProbe&) = delete;

  // Runs `batch` (T-SQL as the gateway sends it) on the engine; a statement that runs longer than
  // a second is interrupted.
  WriteReport run(const std::string& batch);

 private:
  struct Engine;
  std::unique_ptr<Engine> engine_;
};

}  // namespace gw::differential
