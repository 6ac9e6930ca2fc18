#pragma once
// T-SQL -> SQLite SQL, statement by statement (a pure function of the text and a small context).
//
// Schemas: a table of schema dbo is a SQLite table of the bare name ("Customers"); a table of
// another schema s is a SQLite table named "s.Name" (the dot is part of the name). The catalog
// views (sys.*, INFORMATION_SCHEMA.*) are temp tables named the same way.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "session_context.h"
#include "tsql_lexer.h"
#include "util/status.h"

namespace gw::tdsdev {

struct TranslateContext {
  std::string database = "DemoDB";
  std::set<std::string> schemas;  // lower case, besides dbo, sys and information_schema
  std::string version_text;       // what @@VERSION returns
  // Variables DECLAREd so far in the batch: lower-case name -> type tokens (tsql_variables.h).
  std::map<std::string, std::vector<SqlToken>> variables;
  // A statement's result columns without a name get an empty one, as SQL Server sends them; off
  // for the SELECTs that compute variable values (read by position, never sent).
  bool name_result_columns = true;
};

enum class StatementKind {
  kQuery,    // run sqlite_sql
  kIgnored,  // SET options drivers send on connect: accepted, no effect
  kUse,      // argument: database name
  kPrint,    // sqlite_sql: a SELECT of the message
  kWaitfor,  // delay_ms
  kBegin,
  kCommit,
  kRollback,
  kDeclare,  // sqlite_sql: a SELECT of the initial values of `targets` (NULL when none is given)
  kAssign,   // sqlite_sql: a SELECT of the values for `targets`; the last row is kept
  kSession,  // session: sp_set_session_context, EXECUTE AS USER, REVERT (session_context.h)
};

struct Translation {
  StatementKind kind = StatementKind::kQuery;
  std::string sqlite_sql;
  std::string argument;
  int64_t delay_ms = 0;
  bool uses_catalog = false;  // refers to sys.* or INFORMATION_SCHEMA.*
  int line = 1;               // first line of the statement in the batch
  // SQLite table name -> the name as written, for error messages ("Invalid object name
  // 'dbo.Nope'.").
  std::vector<std::pair<std::string, std::string>> written_names;
  std::vector<std::string> targets;                   // kDeclare, kAssign: @names, column order
  std::vector<std::vector<SqlToken>> declared_types;  // kDeclare: each target's type
  // kQuery: the type of each result column that is a CAST/CONVERT in the select list ("" for
  // others), so a sort that drops SQLite's type tag does not change the type sent.
  std::vector<std::string> column_types;
  SessionStatement session;  // kSession
};

// A batch -> its statements' tokens. T-SQL needs no ';' between statements ("SET NOCOUNT ON SELECT
// 1"), so statement-leading keywords also split.
std::vector<std::vector<SqlToken>> split_statements(const std::vector<SqlToken>& tokens);

// Errors carry SQL Server's wording; the code says which message number applies:
// kInvalidArgument -> 102 "Incorrect syntax near 'x'.", kFailedPrecondition -> not supported here.
Result<Translation> translate_statement(const std::vector<SqlToken>& stmt,
                                        const TranslateContext& ctx);

// Whole batch: lex, split, translate every statement (stops at the first error).
Result<std::vector<Translation>> translate_batch(std::string_view sql, const TranslateContext& ctx);

// "00:00:05", "00:00:00.250" -> milliseconds.
Result<int64_t> parse_delay(std::string_view text);

}  // namespace gw::tdsdev
