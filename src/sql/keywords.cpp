#include "sql/keywords.h"

#include <algorithm>
#include <iterator>

namespace gw::sql {
namespace {

// Sorted, so lookups are binary searches (keyword_lists_are_consistent checks it).
constexpr std::string_view kReserved[] = {
    "ADD", "ALL", "ALTER", "AND", "ANY", "AS", "ASC", "AUTHORIZATION", "BACKUP", "BEGIN",
    "BETWEEN", "BREAK", "BROWSE", "BULK", "BY", "CASCADE", "CASE", "CHECK", "CHECKPOINT",
    "CLOSE", "CLUSTERED", "COALESCE", "COLLATE", "COLUMN", "COMMIT", "COMPUTE", "CONSTRAINT",
    "CONTAINS", "CONTAINSTABLE", "CONTINUE", "CONVERT", "CREATE", "CROSS", "CURRENT",
    "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATABASE",
    "DBCC", "DEALLOCATE", "DECLARE", "DEFAULT", "DELETE", "DENY", "DESC", "DISK", "DISTINCT",
    "DISTRIBUTED", "DOUBLE", "DROP", "DUMP", "ELSE", "END", "ERRLVL", "ESCAPE", "EXCEPT", "EXEC",
    "EXECUTE", "EXISTS", "EXIT", "EXTERNAL", "FETCH", "FILE", "FILLFACTOR", "FOR", "FOREIGN",
    "FREETEXT", "FREETEXTTABLE", "FROM", "FULL", "FUNCTION", "GOTO", "GRANT", "GROUP", "HAVING",
    "HOLDLOCK", "IDENTITY", "IDENTITYCOL", "IDENTITY_INSERT", "IF", "IN", "INDEX", "INNER",
    "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "KEY", "KILL", "LEFT", "LIKE", "LINENO", "LOAD",
    "MERGE", "NATIONAL", "NOCHECK", "NONCLUSTERED", "NOT", "NULL", "NULLIF", "OF", "OFF",
    "OFFSETS", "ON", "OPEN", "OPENDATASOURCE", "OPENQUERY", "OPENROWSET", "OPENXML", "OPTION",
    "OR", "ORDER", "OUTER", "OVER", "PERCENT", "PIVOT", "PLAN", "PRECISION", "PRIMARY", "PRINT",
    "PROC", "PROCEDURE", "PUBLIC", "RAISERROR", "READ", "READTEXT", "RECONFIGURE", "REFERENCES",
    "REPLICATION", "RESTORE", "RESTRICT", "RETURN", "REVERT", "REVOKE", "RIGHT", "ROLLBACK",
    "ROWCOUNT", "ROWGUIDCOL", "RULE", "SAVE", "SCHEMA", "SECURITYAUDIT", "SELECT",
    "SEMANTICKEYPHRASETABLE", "SEMANTICSIMILARITYDETAILSTABLE", "SEMANTICSIMILARITYTABLE",
    "SESSION_USER", "SET", "SETUSER", "SHUTDOWN", "SOME", "STATISTICS", "SYSTEM_USER", "TABLE",
    "TABLESAMPLE", "TEXTSIZE", "THEN", "TO", "TOP", "TRAN", "TRANSACTION", "TRIGGER", "TRUNCATE",
    "TRY_CONVERT", "TSEQUAL", "UNION", "UNIQUE", "UNPIVOT", "UPDATE", "UPDATETEXT", "USE", "USER",
    "VALUES", "VARYING", "VIEW", "WAITFOR", "WHEN", "WHERE", "WHILE", "WITH", "WITHIN",
    "WRITETEXT",
};

constexpr std::string_view kQuery[] = {
    "ALL", "AND", "ANY", "AS", "ASC", "BETWEEN", "BROWSE", "BY", "CASE", "COALESCE", "COLLATE",
    "CONTAINS", "CONTAINSTABLE", "CONVERT", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
    "CURRENT_TIMESTAMP", "CURRENT_USER", "DEFAULT", "DESC", "DISTINCT", "DOUBLE", "ELSE", "END",
    "ESCAPE", "EXCEPT", "EXISTS", "FETCH", "FOR", "FREETEXT", "FREETEXTTABLE", "FROM", "FULL",
    "GROUP", "HAVING", "IDENTITYCOL", "IN", "INDEX", "INNER", "INTERSECT", "IS", "JOIN", "LEFT",
    "LIKE", "MERGE", "NATIONAL", "NOT", "NULL", "NULLIF", "OF", "ON", "OPTION", "OR", "ORDER",
    "OUTER", "OVER", "PERCENT", "PIVOT", "PLAN", "PRECISION", "RIGHT", "ROWGUIDCOL", "SELECT",
    "SEMANTICKEYPHRASETABLE", "SEMANTICSIMILARITYDETAILSTABLE", "SEMANTICSIMILARITYTABLE",
    "SESSION_USER", "SOME", "SYSTEM_USER", "TABLESAMPLE", "THEN", "TOP", "TRY_CONVERT", "UNION",
    "UNPIVOT", "USE", "USER", "VALUES",
    "VARYING", "WHEN", "WHERE", "WITH", "WITHIN",
};

constexpr std::string_view kStatement[] = {
    "ADD", "ALTER", "BACKUP", "BEGIN", "BREAK", "BULK", "CHECKPOINT", "CLOSE", "COMMIT",
    "CONTINUE", "CREATE", "DBCC", "DEALLOCATE", "DECLARE", "DELETE", "DENY", "DISABLE", "DROP",
    "DUMP", "ENABLE", "END", "EXEC", "EXECUTE", "FETCH", "GET", "GOTO", "GRANT", "IF", "INSERT",
    "KILL", "LOAD", "MERGE", "MOVE", "OPEN", "PRINT", "RAISERROR", "READTEXT", "RECEIVE",
    "RECONFIGURE", "RESTORE", "RETURN", "REVERT", "REVOKE", "ROLLBACK", "SAVE", "SELECT", "SEND",
    "SET", "SETUSER", "SHUTDOWN", "THROW", "TRUNCATE", "UPDATE", "UPDATETEXT", "USE", "WAITFOR",
    "WHILE", "WITH", "WRITETEXT",
};

constexpr std::string_view kLockHints[] = {
    "HOLDLOCK", "REPEATABLEREAD", "SERIALIZABLE", "TABLOCK", "TABLOCKX", "UPDLOCK", "XLOCK",
};

template <std::size_t N>
bool contains(const std::string_view (&sorted)[N], std::string_view word) {
  return std::binary_search(std::begin(sorted), std::end(sorted), word);
}

template <std::size_t N>
bool is_sorted(const std::string_view (&list)[N]) {
  return std::is_sorted(std::begin(list), std::end(list));
}

}  // namespace

bool is_reserved_keyword(std::string_view w) { return contains(kReserved, w); }
bool is_query_keyword(std::string_view w) { return contains(kQuery, w); }
bool is_statement_keyword(std::string_view w) { return contains(kStatement, w); }
bool is_lock_hint(std::string_view w) { return contains(kLockHints, w); }

bool keyword_lists_are_consistent() {
  if (!is_sorted(kReserved) || !is_sorted(kQuery) || !is_sorted(kStatement) ||
      !is_sorted(kLockHints)) {
    return false;
  }
  // Every query keyword is reserved (else listing it is pointless and hides a typo).
  return std::all_of(std::begin(kQuery), std::end(kQuery), is_reserved_keyword);
}

}  // namespace gw::sql
