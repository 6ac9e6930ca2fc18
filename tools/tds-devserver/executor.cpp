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

// How often the row loop looks for an ATTENTION and hands full packets to the socket.
constexpr int kRowsPerCheck = 128;

CellValue cell_of(sqlite3_stmt* st, int i) {
  CellValue v;
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
      v.kind = CellValue::kInteger;
      v.integer = sqlite3_column_int64(st, i);
      break;
    case SQLITE_FLOAT:
      v.kind = CellValue::kReal;
      v.real = sqlite3_column_double(st, i);
      break;
    case SQLITE_TEXT:
      v.kind = CellValue::kText;
      v.bytes = std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(st, i)),
                                 static_cast<size_t>(sqlite3_column_bytes(st, i)));
      break;
    case SQLITE_BLOB: {
      const void* p = sqlite3_column_blob(st, i);
      v.kind = CellValue::kBlob;
      v.bytes = std::string_view(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, i)));
      break;
    }
    default:
      break;
  }
  return v;
}

bool is_temporal(SqlType t) {
  return t == SqlType::kDate || t == SqlType::kTime || t == SqlType::kDateTime2 || t == SqlType::kDateTimeOffset;
}

uint16_t command_of(const std::string& sql) {
  auto starts = [&](const char* w) { return sqlite3_strnicmp(sql.c_str(), w, static_cast<int>(strlen(w))) == 0; };
  if (starts("INSERT")) return kCmdInsert;
  if (starts("UPDATE")) return kCmdUpdate;
  if (starts("DELETE")) return kCmdDelete;
  if (starts("SELECT") || starts("WITH")) return kCmdSelect;
  return 0;
}

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
  // MS-TDS §2.2.1.7: the reply to an ATTENTION is a DONE with the DONE_ATTN bit. It goes in a message
  // of its own after the (cut short) response: tedious reads the response message it was waiting for,
  // then expects the acknowledgement in the next one; FreeTDS and pytds read tokens until the ack.
  write_done(out_.out(), kTokenDone, kDoneAttn, 0, 0);
  out_.end();
  conn_.clear_attention();
}

void Executor::end_cancelled_response() {
  flush_done(false, 0);
  write_done(out_.out(), kTokenDone, kDoneFinal, 0, 0);
  out_.end();
  acknowledge_attention();
}

void Executor::run_batch(const std::string& sql) {
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

Executor::Outcome Executor::run_statement(const Translation& tr, const std::vector<RpcParam>* params) {
  if (conn_.attention_pending()) return Outcome::kAttention;
  DoneInfo done;
  switch (tr.kind) {
    case StatementKind::kIgnored:
      queue_done(done);
      return Outcome::kOk;
    case StatementKind::kUse:
      if (sqlite3_stricmp(tr.argument.c_str(), state_.database.c_str()) != 0) {
        error({911, 1, 16, fmt::format("Database '{}' does not exist. Make sure that the name is entered "
                                       "correctly.", tr.argument)}, tr.line);
        queue_done({kDoneError, 0, 0});
        return Outcome::kError;
      }
      flush_done(false, 0);
      write_env_change(out_.out(), kEnvDatabase, state_.database, state_.database);
      write_message(out_.out(), {5701, 1, 0, fmt::format("Changed database context to '{}'.", state_.database)});
      queue_done(done);
      return Outcome::kOk;
    case StatementKind::kPrint:
      return run_print(tr.sqlite_sql, tr.line);
    case StatementKind::kWaitfor: {
      Outcome o = wait_for(tr.delay_ms);
      if (o == Outcome::kOk) queue_done(done);
      return o;
    }
    case StatementKind::kBegin:
    case StatementKind::kCommit:
    case StatementKind::kRollback:
      return run_transaction_statement(tr.kind, tr.line);
    case StatementKind::kQuery:
      break;
  }
  if (tr.uses_catalog) {
    if (Status s = refresh_catalog(db_, state_.database); !s.is_ok()) {
      error({50000, 1, 16, s.message()}, tr.line);
      queue_done({kDoneError, 0, 0});
      return Outcome::kError;
    }
  }
  Outcome o = run_query(tr.sqlite_sql, params, tr.line, done);
  if (o == Outcome::kOk) queue_done(done);
  if (o == Outcome::kError) queue_done({static_cast<uint16_t>(done.status | kDoneError), done.cmd, done.rows});
  return o;
}

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

void Executor::run_transaction_request(const std::vector<uint8_t>& payload) {
  had_error_ = false;
  in_proc_ = false;
  pending_done_.reset();
  auto req = parse_transaction_request(payload);
  Status s = req.is_ok() ? Status::ok() : req.status();
  if (req.is_ok()) {
    ByteWriter& w = out_.out();
    if (req->kind == TransactionRequest::kBegin) s = tx_.begin(db_, w);
    else s = req->kind == TransactionRequest::kCommit ? tx_.commit(db_, w) : tx_.rollback(db_, w);
    if (s.is_ok() && req->kind != TransactionRequest::kBegin && req->begin_after) s = tx_.begin(db_, w);
  }
  if (!s.is_ok()) error(transaction_error(s), 1);
  write_done(out_.out(), kTokenDone, s.is_ok() ? kDoneFinal : kDoneError, 0, 0);
  out_.end();
}

Executor::Outcome Executor::wait_for(int64_t ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (conn_.attention_pending()) return Outcome::kAttention;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
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

Executor::Outcome Executor::bind(sqlite3_stmt* st, const std::vector<RpcParam>* params, int line) {
  int n = sqlite3_bind_parameter_count(st);
  for (int i = 1; i <= n; ++i) {
    const char* name = sqlite3_bind_parameter_name(st, i);
    const RpcParam* found = nullptr;
    if (params && name) {
      for (const auto& p : *params) {
        if (sqlite3_stricmp(p.name.c_str(), name) == 0) found = &p;
      }
    }
    if (!found) {
      error({137, 1, 15, fmt::format("Must declare the scalar variable \"{}\".", name ? name : "?")}, line);
      return Outcome::kError;
    }
    const ParamValue& v = found->value;
    switch (v.kind) {
      case ParamValue::kNull: sqlite3_bind_null(st, i); break;
      case ParamValue::kInteger: sqlite3_bind_int64(st, i, v.integer); break;
      case ParamValue::kReal: sqlite3_bind_double(st, i, v.real); break;
      case ParamValue::kText:
        sqlite3_bind_text(st, i, v.bytes.data(), static_cast<int>(v.bytes.size()), SQLITE_STATIC);
        break;
      case ParamValue::kBlob:
        sqlite3_bind_blob(st, i, v.bytes.data(), static_cast<int>(v.bytes.size()), SQLITE_STATIC);
        break;
    }
  }
  return Outcome::kOk;
}

Executor::Outcome Executor::run_query(const std::string& sql, const std::vector<RpcParam>* params, int line,
                                      DoneInfo& done) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::string m = sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    if (m == "interrupted") return Outcome::kAttention;
    error(message_from_sqlite(m), line);
    return Outcome::kError;
  }
  if (st == nullptr) return Outcome::kOk;  // only a comment
  if (bind(st, params, line) != Outcome::kOk) {
    sqlite3_finalize(st);
    return Outcome::kError;
  }
  done.cmd = command_of(sql);
  int rc = sqlite3_step(st);
  Outcome o;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
    // Failed before the first row: an error alone, no empty result set in front of it.
    std::string m = sqlite3_errmsg(db_);
    o = rc == SQLITE_INTERRUPT ? Outcome::kAttention : Outcome::kError;
    if (o == Outcome::kError) error(message_from_sqlite(m), line);
  } else if (sqlite3_column_count(st) > 0) {
    o = stream_rows(st, rc, line, done);
  } else {
    while (rc == SQLITE_ROW) rc = sqlite3_step(st);
    o = Outcome::kOk;
    if (rc != SQLITE_DONE) {
      std::string m = sqlite3_errmsg(db_);
      o = rc == SQLITE_INTERRUPT ? Outcome::kAttention : Outcome::kError;
      if (o == Outcome::kError) error(message_from_sqlite(m), line);
    } else if (done.cmd == kCmdInsert || done.cmd == kCmdUpdate || done.cmd == kCmdDelete) {
      done.status |= kDoneCount;
      done.rows = static_cast<uint64_t>(sqlite3_changes64(db_));
    }
  }
  sqlite3_finalize(st);
  return o;
}

Executor::Outcome Executor::stream_rows(sqlite3_stmt* st, int rc, int line, DoneInfo& done) {
  int n = sqlite3_column_count(st);
  std::vector<OutColumn> cols(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto& c = cols[static_cast<size_t>(i)];
    const char* name = sqlite3_column_name(st, i);
    c.name = name ? name : "";
    const char* decl = sqlite3_column_decltype(st, i);
    std::optional<ColumnType> t = decl ? parse_decltype(decl) : std::nullopt;
    if (!t && rc == SQLITE_ROW) t = tags_.type_for(sqlite3_value_subtype(sqlite3_column_value(st, i)));
    if (!t && rc == SQLITE_ROW) t = infer_type(cell_of(st, i));
    c.type = t ? *t : ColumnType{SqlType::kInt, 0, 10, 0};
    if (state_.tds_version < kTds73B && is_temporal(c.type.type)) c.type = {SqlType::kNVarChar, 40, 0, 0};
  }
  flush_done(false, 0);
  write_col_metadata(out_.out(), cols);
  ByteWriter row;
  uint64_t count = 0;
  while (rc == SQLITE_ROW) {
    row.clear();
    row.u8(kTokenRow);
    for (int i = 0; i < n; ++i) {
      Status s = write_value(row, cols[static_cast<size_t>(i)].type, cell_of(st, i));
      if (!s.is_ok()) {
        error(message_from_sqlite(s.message()), line);
        done.rows = count;
        return Outcome::kError;
      }
    }
    out_.out().bytes(row.data().data(), row.size());
    ++count;
    if (count % kRowsPerCheck == 0) {
      if (!out_.flush_full()) return Outcome::kError;
      if (conn_.attention_pending()) return Outcome::kAttention;
    }
    rc = sqlite3_step(st);
  }
  done.rows = count;
  done.status |= kDoneCount;
  if (rc != SQLITE_DONE) {
    if (rc == SQLITE_INTERRUPT) return Outcome::kAttention;
    error(message_from_sqlite(sqlite3_errmsg(db_)), line);
    return Outcome::kError;
  }
  return Outcome::kOk;
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
      std::vector<RpcParam> bound(req.params.begin() + std::min<size_t>(2, req.params.size()), req.params.end());
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
