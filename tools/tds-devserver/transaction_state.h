#pragma once
// Transactions of one session, nested as SQL Server nests them (@@TRANCOUNT): BEGIN TRAN inside a
// transaction only counts, COMMIT commits at the outermost level, ROLLBACK undoes everything. Both
// the T-SQL statements and Transaction Manager requests (MS-TDS §2.2.6.9, which pytds and tedious
// send) end up here, and each change is announced with ENVCHANGE types 8/9/10 (§2.2.7.9) as clients
// track their transaction descriptor from them.

#include <cstdint>
#include <vector>

#include "bytes.h"
#include "tokens.h"
#include "util/status.h"

struct sqlite3;

namespace gw::tdsdev {

class TransactionState {
 public:
  // Each writes its ENVCHANGE token to w on success; errors carry SQL Server's wording.
  Status begin(sqlite3* db, ByteWriter& w);
  Status commit(sqlite3* db, ByteWriter& w);
  Status rollback(sqlite3* db, ByteWriter& w);
  int depth() const { return depth_; }
  // Called before each statement: outside BEGIN TRANSACTION every statement is a transaction of
  // its own (autocommit), with its own id.
  void statement_starting(sqlite3* db);
  // CURRENT_TRANSACTION_ID(): the id of the session's current transaction, unique server-wide and
  // increasing, as sys.dm_tran_current_transaction numbers them.
  uint64_t current_id(sqlite3* db) const;
  // @@TRANCOUNT: BEGIN TRANSACTIONs not yet committed, 0 outside a transaction.
  int trancount(sqlite3* db) const;

 private:
  void sync(sqlite3* db);
  int depth_ = 0;
  uint64_t id_ = 0;             // of the explicit transaction, while depth_ > 0
  uint64_t autocommit_id_ = 0;  // of the current statement's own transaction otherwise
  uint64_t next_descriptor_ = 1;
  uint64_t descriptor_ = 0;
};

// 3902/3903 for a COMMIT/ROLLBACK without BEGIN, 50000 otherwise.
ServerMessage transaction_error(const Status& s);

struct TransactionRequest {
  enum Kind { kBegin, kCommit, kRollback } kind = kBegin;
  bool begin_after = false;  // COMMIT/ROLLBACK with fBeginXact: a new transaction starts right away
};

// A Transaction Manager request (packet type 14) after its ALL_HEADERS.
Result<TransactionRequest> parse_transaction_request(const std::vector<uint8_t>& payload);

}  // namespace gw::tdsdev
