#include "transaction_state.h"

#include <sqlite3.h>

#include <atomic>

#include <fmt/format.h>

#include "rpc_request.h"
#include "sqlite_calls.h"

namespace gw::tdsdev {

namespace {

constexpr uint8_t kEnvBeginTransaction = 8, kEnvCommitTransaction = 9, kEnvRollbackTransaction = 10;
constexpr const char* kNoBeginCommit =
    "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.";
constexpr const char* kNoBeginRollback =
    "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.";

// ENVCHANGE with B_VARBYTE values: the 8-byte descriptor as the new value (begin) or the old (end).
void write_transaction_change(ByteWriter& w, uint8_t type, uint64_t descriptor) {
  w.u8(kTokenEnvChange);
  w.u16(1 + 1 + 8 + 1);
  w.u8(type);
  if (type == kEnvBeginTransaction) {
    w.u8(8);
    w.u64(descriptor);
    w.u8(0);
  } else {
    w.u8(0);
    w.u8(8);
    w.u64(descriptor);
  }
}

// Transaction ids are server-wide, like SQL Server's: two sessions never share one.
uint64_t next_transaction_id() {
  static std::atomic<uint64_t> next{100000};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

void TransactionState::statement_starting(sqlite3* db) {
  sync(db);
  if (depth_ == 0) autocommit_id_ = next_transaction_id();
}

uint64_t TransactionState::current_id(sqlite3* db) const {
  return depth_ > 0 && !sqlite3_get_autocommit(db) ? id_ : autocommit_id_;
}

int TransactionState::trancount(sqlite3* db) const {
  return sqlite3_get_autocommit(db) ? 0 : depth_;
}

void TransactionState::sync(sqlite3* db) {
  // A statement error may have ended the SQLite transaction behind our back.
  if (depth_ > 0 && sqlite3_get_autocommit(db)) depth_ = 0;
}

Status TransactionState::begin(sqlite3* db, ByteWriter& w) {
  sync(db);
  if (depth_ == 0) {
    if (Status s = sqlite_exec(db, "BEGIN"); !s.is_ok()) return s;
    descriptor_ = next_descriptor_++;
    id_ = next_transaction_id();
    write_transaction_change(w, kEnvBeginTransaction, descriptor_);
  }
  ++depth_;
  return Status::ok();
}

Status TransactionState::commit(sqlite3* db, ByteWriter& w) {
  sync(db);
  if (depth_ == 0) return failed_precondition(kNoBeginCommit);
  if (--depth_ > 0) return Status::ok();
  if (Status s = sqlite_exec(db, "COMMIT"); !s.is_ok()) return s;
  write_transaction_change(w, kEnvCommitTransaction, descriptor_);
  return Status::ok();
}

Status TransactionState::rollback(sqlite3* db, ByteWriter& w) {
  sync(db);
  if (depth_ == 0) return failed_precondition(kNoBeginRollback);
  depth_ = 0;
  if (Status s = sqlite_exec(db, "ROLLBACK"); !s.is_ok()) return s;
  write_transaction_change(w, kEnvRollbackTransaction, descriptor_);
  return Status::ok();
}

ServerMessage transaction_error(const Status& s) {
  if (s.message() == kNoBeginCommit) return {3902, 1, 16, s.message()};
  if (s.message() == kNoBeginRollback) return {3903, 1, 16, s.message()};
  return {50000, 1, 16, "tds-devserver (SQLite): " + s.message()};
}

Result<TransactionRequest> parse_transaction_request(const std::vector<uint8_t>& payload) {
  auto off = skip_all_headers(payload);
  if (!off) return off.status();
  ByteReader r(payload);
  r.seek(*off);
  uint16_t type = r.u16();
  TransactionRequest req;
  // MS-TDS §2.2.6.9: 5 TM_BEGIN_XACT, 7 TM_COMMIT_XACT, 8 TM_ROLLBACK_XACT.
  if (type == 5) {
    req.kind = TransactionRequest::kBegin;
  } else if (type == 7 || type == 8) {
    req.kind = type == 7 ? TransactionRequest::kCommit : TransactionRequest::kRollback;
    r.skip(r.u8() * 2u);  // transaction name
    req.begin_after = (r.u8() & 0x01) != 0;
  } else {
    return failed_precondition(
        fmt::format("Transaction Manager request {} is not supported by tds-devserver.", type));
  }
  if (r.failed()) return invalid_argument("Transaction Manager request: truncated");
  return req;
}

}  // namespace gw::tdsdev
