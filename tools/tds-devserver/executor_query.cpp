// Executor, part 2: one query on SQLite, its parameters bound, its rows streamed.
#include "executor.h"

#include <sqlite3.h>

#include <cstring>

#include <fmt/format.h>

#include "sql_errors.h"
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
      v.bytes = std::string_view(static_cast<const char*>(p),
                                 static_cast<size_t>(sqlite3_column_bytes(st, i)));
      break;
    }
    default: break;
  }
  return v;
}

bool is_temporal(SqlType t) {
  return t == SqlType::kDate || t == SqlType::kTime || t == SqlType::kDateTime2 ||
         t == SqlType::kDateTimeOffset;
}

uint16_t command_of(const std::string& sql) {
  auto starts = [&](const char* w) {
    return sqlite3_strnicmp(sql.c_str(), w, static_cast<int>(strlen(w))) == 0;
  };
  if (starts("INSERT")) return kCmdInsert;
  if (starts("UPDATE")) return kCmdUpdate;
  if (starts("DELETE")) return kCmdDelete;
  if (starts("SELECT") || starts("WITH")) return kCmdSelect;
  return 0;
}

}  // namespace

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
    for (const auto& v : variables_) {
      if (!found && name && sqlite3_stricmp(v.name.c_str(), name) == 0) found = &v;
    }
    if (!found) {
      error(
          {137, 1, 15, fmt::format("Must declare the scalar variable \"{}\".", name ? name : "?")},
          line);
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

Executor::Outcome Executor::run_query(const std::string& sql, const std::vector<RpcParam>* params,
                                      int line, DoneInfo& done,
                                      const std::vector<std::string>* column_types) {
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
    o = stream_rows(st, rc, line, done, column_types);
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

Executor::Outcome Executor::run_assignment(const Translation& tr,
                                           const std::vector<RpcParam>* params) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, tr.sqlite_sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::string m = sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    if (m == "interrupted") return Outcome::kAttention;
    error(message_from_sqlite(m), tr.line);
    queue_done({kDoneError, 0, 0});
    return Outcome::kError;
  }
  if (bind(st, params, tr.line) != Outcome::kOk) {
    sqlite3_finalize(st);
    queue_done({kDoneError, 0, 0});
    return Outcome::kError;
  }
  // Values are copied out of each row; the variables change only once the statement is done, as
  // the statement's parameters stay bound to the old values while it runs.
  std::vector<ParamValue> last(tr.targets.size());
  bool had_row = false;
  int rc = sqlite3_step(st);
  for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
    had_row = true;
    for (size_t i = 0; i < last.size(); ++i) {
      const CellValue cell = cell_of(st, static_cast<int>(i));
      ParamValue& v = last[i];
      v = ParamValue{};
      if (cell.kind == CellValue::kInteger) v.kind = ParamValue::kInteger;
      if (cell.kind == CellValue::kReal) v.kind = ParamValue::kReal;
      if (cell.kind == CellValue::kText) v.kind = ParamValue::kText;
      if (cell.kind == CellValue::kBlob) v.kind = ParamValue::kBlob;
      v.integer = cell.integer;
      v.real = cell.real;
      v.bytes = std::string(cell.bytes);
    }
    if (tr.kind == StatementKind::kDeclare) break;
  }
  const bool assigned = rc == SQLITE_ROW || rc == SQLITE_DONE;
  const std::string failure = assigned ? "" : sqlite3_errmsg(db_);
  sqlite3_finalize(st);
  if (!assigned) {
    if (rc == SQLITE_INTERRUPT) return Outcome::kAttention;
    error(message_from_sqlite(failure), tr.line);
    queue_done({kDoneError, 0, 0});
    return Outcome::kError;
  }
  for (size_t i = 0; i < tr.targets.size(); ++i) {
    RpcParam* existing = nullptr;
    for (auto& v : variables_) {
      if (sqlite3_stricmp(v.name.c_str(), tr.targets[i].c_str()) == 0) existing = &v;
    }
    if (!existing) existing = &variables_.emplace_back(RpcParam{tr.targets[i], false, {}});
    if (had_row) existing->value = last[i];
  }
  queue_done({});
  return Outcome::kOk;
}

Executor::Outcome Executor::stream_rows(sqlite3_stmt* st, int rc, int line, DoneInfo& done,
                                        const std::vector<std::string>* column_types) {
  int n = sqlite3_column_count(st);
  std::vector<OutColumn> cols(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto& c = cols[static_cast<size_t>(i)];
    const char* name = sqlite3_column_name(st, i);
    c.name = name ? name : "";
    const char* decl = sqlite3_column_decltype(st, i);
    std::optional<ColumnType> t = decl ? parse_decltype(decl) : std::nullopt;
    // A CAST the statement's select list ends in: its type, which SQLite forgets through a sort.
    if (!t && column_types && static_cast<size_t>(i) < column_types->size() &&
        !(*column_types)[static_cast<size_t>(i)].empty())
      t = parse_decltype((*column_types)[static_cast<size_t>(i)]);
    if (!t && rc == SQLITE_ROW)
      t = tags_.type_for(sqlite3_value_subtype(sqlite3_column_value(st, i)));
    if (!t && rc == SQLITE_ROW) t = infer_type(cell_of(st, i));
    c.type = t ? *t : ColumnType{SqlType::kInt, 0, 10, 0};
    if (state_.tds_version < kTds73A && is_temporal(c.type.type))
      c.type = {SqlType::kNVarChar, 40, 0, 0};
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

}  // namespace gw::tdsdev
