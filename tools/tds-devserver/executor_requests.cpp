// Executor, part 3: RPC (sp_executesql) and transaction requests.
#include "executor.h"

#include <sqlite3.h>

#include <cstring>

#include <fmt/format.h>

#include "sql_errors.h"
#include "transaction_state.h"
#include "value_codec.h"

namespace gw::tdsdev {

Executor::Outcome Executor::run_transaction_statement(StatementKind kind, int line) {
  flush_done(false, 0);
  Status s = kind == StatementKind::kBegin    ? tx_.begin(db_, out_.out())
             : kind == StatementKind::kCommit ? tx_.commit(db_, out_.out())
                                              : tx_.rollback(db_, out_.out());
  if (!s.is_ok()) {
    error(transaction_error(s), line);
    queue_done({kDoneError, 0, 0});
    return Outcome::kError;
  }
  queue_done({});
  return Outcome::kOk;
}

void Executor::reset_connection() {
  ByteWriter discarded;  // the reset itself is announced, not the rollback inside it
  if (tx_.depth() > 0 || !sqlite3_get_autocommit(db_)) (void)tx_.rollback(db_, discarded);
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  ByteWriter& w = out_.out();
  w.u8(kTokenEnvChange);
  w.u16(3);
  w.u8(18);  // RESETCONNACK: empty new and old values
  w.u8(0);
  w.u8(0);
}

void Executor::run_transaction_request(const std::vector<uint8_t>& payload) {
  had_error_ = false;
  in_proc_ = false;
  pending_done_.reset();
  auto req = parse_transaction_request(payload);
  Status s = req.is_ok() ? Status::ok() : req.status();
  if (req.is_ok()) {
    ByteWriter& w = out_.out();
    if (req->kind == TransactionRequest::kBegin)
      s = tx_.begin(db_, w);
    else
      s = req->kind == TransactionRequest::kCommit ? tx_.commit(db_, w) : tx_.rollback(db_, w);
    if (s.is_ok() && req->kind != TransactionRequest::kBegin && req->begin_after)
      s = tx_.begin(db_, w);
  }
  if (!s.is_ok()) error(transaction_error(s), 1);
  write_done(out_.out(), kTokenDone, s.is_ok() ? kDoneFinal : kDoneError, 0, 0);
  out_.end();
}

void Executor::run_rpc(const std::vector<RpcRequest>& requests) {
  had_error_ = false;
  pending_done_.reset();
  for (const auto& req : requests) {
    if (req.proc_name == "sp_executesql") {
      run_executesql(req);
      if (conn_.attention_pending()) {
        end_cancelled_response();
        return;
      }
      continue;
    }
    in_proc_ = false;
    error({2812, 62, 16, fmt::format("Could not find stored procedure '{}'.", req.proc_name)}, 1);
    write_done(out_.out(), kTokenDoneProc, kDoneError | kDoneMore, 0, 0);
  }
  // The last DONEPROC closes the reply; rewrite it without the MORE bit by ending here.
  out_.end();
}

void Executor::run_executesql(const RpcRequest& req) {
  variables_.clear();
  in_proc_ = true;
  pending_done_.reset();
  Outcome o = Outcome::kOk;
  if (req.params.empty() || req.params[0].value.kind != ParamValue::kText) {
    error({50000, 1, 16, "sp_executesql: the first parameter must be the statement text"}, 1);
    o = Outcome::kError;
  } else {
    auto stmts = translate_batch(req.params[0].value.bytes, context());
    if (!stmts) {
      error(message_from_status(stmts.status()), 1);
      o = Outcome::kError;
    } else {
      std::vector<RpcParam> bound(req.params.begin() + std::min<size_t>(2, req.params.size()),
                                  req.params.end());
      o = run_statements(*stmts, &bound);
    }
  }
  if (o == Outcome::kAttention) {
    flush_done(false, 0);
    return;
  }
  flush_done(false, 0);
  in_proc_ = false;
  write_return_status(out_.out(), o == Outcome::kError ? -6 : 0);
  write_done(out_.out(), kTokenDoneProc, o == Outcome::kError ? kDoneError : 0, 0xE0, 0);
}

}  // namespace gw::tdsdev
