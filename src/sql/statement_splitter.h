#pragma once
// Splits a token stream into statements the way SQL Server's batches read: at ';', at GO lines,
// and, because T-SQL needs no semicolons, where a statement keyword starts a new statement
// ("SELECT 1 DROP TABLE t" is two statements).
//
// The split decides statement numbers in messages and where a statement's first word is; the
// read-only policy does not depend on it being perfect, because the classifier checks every
// token of every statement (see read_only_classifier.h).

#include <cstddef>
#include <vector>

#include "sql/lexer.h"
#include "util/status.h"

namespace gw::sql {

struct StatementSpan {
  std::size_t begin = 0;  // index of the first token
  std::size_t end = 0;    // one past the last token
  int batch = 1;          // 1-based; GO starts the next batch
  bool first_in_batch = false;
};

// REQUIRES: `tokens` hold no comments. Empty statements (";;") are skipped.
// InvalidArgument for a ')' without '(' or a '(' never closed within its statement.
Result<std::vector<StatementSpan>> split_statements(const std::vector<Token>& tokens);

}  // namespace gw::sql
