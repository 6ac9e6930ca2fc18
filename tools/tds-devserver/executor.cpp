// Executor, part 1: batches, statements, DONE bookkeeping, PRINT/USE/WAITFOR.
#include "executor.h"

#include <sqlite3.h>

#include <chrono>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "catalog.h"
#include "log.h"
#include "object_ids.h"
#include "sql_errors.h"
#include "transaction_state.h"
#include "value_codec.h"

namespace gw::tdsdev {

namespace {

int progress_check(void* p) { return static_cast<Connection*>(p)->attention_pending() ? 1 : 0; }

}  // namespace

TranslateContext Executor::context() const {
  TranslateContext ctx;
  ctx.database = state_.database;
  for (auto s : user_schema_names(db_)) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ctx.schemas.insert(s);
  }
  ctx.version_text = "Microsoft SQL Server 2022 (tds-devserver, a SQLite " SQLITE_VERSION
                     " development stand-in; not SQL Server)";
  return ctx;
}

void Executor::error(ServerMessage m, int line) {
  m.line = line;
  if (m.number == 208 &&
      written_names_) {  // quote the name as the user wrote it, as SQL Server does
    for (const auto& [sqlite_name, written] : *written_names_) {
      if (m.text == fmt::format("Invalid object name '{}'.", sqlite_name)) {
        m.text = fmt::format("Invalid object name '{}'.", written);
      }
    }
  }
  had_error_ = true;
  log_line(fmt::format("conn {} error {}: {}", state_.connection_id, m.number, m.text));
  flush_done(false, 0);
  write_message(out_.out(), m);
}

void Executor::queue_done(const DoneInfo& d) {
  flush_done(false, 0);
  pending_done_ = d;
}

void Executor::flush_done(bool final_done, uint16_t extra_status) {
  if (!pending_done_) {
    if (final_done) {
      pending_done_ = DoneInfo{};
    } else {
      return;
    }
  }
  DoneInfo d = *pending_done_;
  pending_done_.reset();
  uint16_t status = static_cast<uint16_t>(d.status | extra_status | (final_done ? 0 : kDoneMore));
  if (!sqlite3_get_autocommit(db_)) status |= kDoneInXact;
  write_done(out_.out(), in_proc_ ? kTokenDoneInProc : kTokenDone, status, d.cmd, d.rows);
}

void Executor::acknowledge_attention() {
  // MS-TDS §2.2.1.7: the reply to an ATTENTION is a DONE with the DONE_ATTN bit. It goes in a
  // message of its own after the (cut short) response: tedious reads the response message it was
  // waiting for, then expects the acknowledgement in the next one; FreeTDS and pytds read tokens
  // until the ack.
  write_done(out_.out(), kTokenDone, kDoneAttn, 0, 0);
  out_.end();
  conn_.clear_attention();
  // Tests follow a cancellation by these lines (the gateway's cancellation test).
  if (!conn_.closed())
    log_line(fmt::format("conn {} attention acknowledged", state_.connection_id));
}

void Executor::end_cancelled_response() {
  flush_done(false, 0);
  write_done(out_.out(), kTokenDone, kDoneFinal, 0, 0);
  out_.end();
  acknowledge_attention();
}

void Executor::run_batch(const std::string& sql) {
  variables_.clear();  // a variable lives until the end of its batch
  had_error_ = false;
  in_proc_ = false;
  pending_done_.reset();
  auto stmts = translate_batch(sql, context());
  Outcome o = Outcome::kOk;
  if (!stmts) {
    error(message_from_status(stmts.status()), 1);
    pending_done_ = DoneInfo{kDoneError, 0, 0};
  } else {
    o = run_statements(*stmts, nullptr);
  }
  if (o == Outcome::kAttention) {
    end_cancelled_response();
    return;
  }
  flush_done(true, had_error_ ? kDoneError : 0);
  out_.end();
}

Executor::Outcome Executor::run_statements(const std::vector<Translation>& stmts,
                                           const std::vector<RpcParam>* params) {
  sqlite3_progress_handler(db_, 20000, progress_check, &conn_);
  Outcome o = Outcome::kOk;
  for (const auto& tr : stmts) {
    o = run_statement(tr, params);
    if (o != Outcome::kOk) break;
    if (!out_.flush_full()) break;
  }
  sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  return o;
}

Executor::Outcome Executor::run_statement(const Translation& tr,
                                          const std::vector<RpcParam>* params) {
  if (conn_.attention_pending()) return Outcome::kAttention;
  tx_.statement_starting(db_);
  DoneInfo done;
  switch (tr.kind) {
    case StatementKind::kIgnored: queue_done(done); return Outcome::kOk;
    case StatementKind::kUse:
      if (sqlite3_stricmp(tr.argument.c_str(), state_.database.c_str()) != 0) {
        error({911, 1, 16,
               fmt::format("Database '{}' does not exist. Make sure that the name is entered "
                           "correctly.",
                           tr.argument)},
              tr.line);
        queue_done({kDoneError, 0, 0});
        return Outcome::kError;
      }
      flush_done(false, 0);
      write_env_change(out_.out(), kEnvDatabase, state_.database, state_.database);
      write_message(
          out_.out(),
          {5701, 1, 0, fmt::format("Changed database context to '{}'.", state_.database)});
      queue_done(done);
      return Outcome::kOk;
    case StatementKind::kPrint: return run_print(tr.sqlite_sql, tr.line);
    case StatementKind::kWaitfor: {
      Outcome o = wait_for(tr.delay_ms);
      if (o == Outcome::kOk) queue_done(done);
      return o;
    }
    case StatementKind::kBegin:
    case StatementKind::kCommit:
    case StatementKind::kRollback: return run_transaction_statement(tr.kind, tr.line);
    case StatementKind::kSession: return run_session_statement(tr);
    case StatementKind::kQuery:
    case StatementKind::kDeclare:
    case StatementKind::kAssign: break;
  }
  if (tr.uses_catalog) {
    if (Status s = refresh_catalog_if_changed(db_, state_.database, state_.generated_tables,
                                              catalog_stamp_);
        !s.is_ok()) {
      error({50000, 1, 16, s.message()}, tr.line);
      queue_done({kDoneError, 0, 0});
      return Outcome::kError;
    }
  }
  if (tr.kind != StatementKind::kQuery) return run_assignment(tr, params);
  written_names_ = &tr.written_names;
  Outcome o = run_query(tr.sqlite_sql, params, tr.line, done, &tr.column_types);
  written_names_ = nullptr;
  if (o == Outcome::kOk) queue_done(done);
  if (o == Outcome::kError)
    queue_done({static_cast<uint16_t>(done.status | kDoneError), done.cmd, done.rows});
  return o;
}

Executor::Outcome Executor::wait_for(int64_t ms) {
  log_line(fmt::format("conn {} WAITFOR DELAY of {} ms started", state_.connection_id, ms));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (conn_.attention_pending()) {
      log_line(fmt::format("conn {} WAITFOR DELAY cut short: {}", state_.connection_id,
                           conn_.closed() ? "the connection closed" : "attention received"));
      return Outcome::kAttention;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  log_line(fmt::format("conn {} WAITFOR DELAY ended", state_.connection_id));
  return Outcome::kOk;
}

Executor::Outcome Executor::run_print(const std::string& sql, int line) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    error(message_from_sqlite(sqlite3_errmsg(db_)), line);
    sqlite3_finalize(st);
    queue_done({kDoneError, 0, 0});
    return Outcome::kError;
  }
  std::string text;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
    text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  flush_done(false, 0);
  write_message(out_.out(), {0, 1, 0, text, line});
  queue_done({});
  return Outcome::kOk;
}

}  // namespace gw::tdsdev
