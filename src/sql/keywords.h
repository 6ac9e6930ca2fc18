#pragma once
// Word lists of the read-only policy (see read_only_classifier.h for the policy itself).

#include <string_view>

namespace gw::sql {

// T-SQL reserved keywords (Microsoft Learn, "Reserved Keywords (Transact-SQL)"). They cannot be
// used as names without [brackets], so seeing one unquoted means the server reads it as syntax.
bool is_reserved_keyword(std::string_view upper_word);

// The reserved keywords a read statement may use: the grammar of SELECT and its clauses.
// FOR, FETCH, USE, PLAN, MERGE and END are listed but allowed only in context (classifier).
bool is_query_keyword(std::string_view upper_word);

// Words that can start a statement, reserved or not (RECEIVE, THROW, SEND... are not reserved),
// used to find statement boundaries where T-SQL needs no semicolon.
bool is_statement_keyword(std::string_view upper_word);

// Table hints that take or hold locks beyond a plain read: they block writers (or, with
// UPDLOCK/XLOCK, claim rows for a write), so a read-only scope may not use them.
bool is_lock_hint(std::string_view upper_word);

// For tests: every list sorted, every query keyword reserved.
bool keyword_lists_are_consistent();

}  // namespace gw::sql
