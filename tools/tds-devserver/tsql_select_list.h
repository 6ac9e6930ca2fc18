#pragma once
// The pieces of a SELECT the dialect rewrites (tsql_dialect.h) need: where its list of columns
// starts and ends, each item's expression and the name SQL Server gives its column, and token
// helpers.
//
// Column names (Microsoft Learn, "SELECT - select_list"): `expr AS alias`, `expr alias`,
// `alias = expr` and a column reference (`t.Col` -> Col) are named; any other expression has no
// name (clients see an empty column name).

#include <cstddef>
#include <string>
#include <vector>

#include "sql_errors.h"
#include "tsql_lexer.h"
#include "util/status.h"

namespace gw::tdsdev {

using Tokens = std::vector<SqlToken>;

SqlToken word_token(const std::string& text, int line);
SqlToken symbol_token(const std::string& text, int line);
SqlToken string_token(const std::string& text, int line);
SqlToken quoted_token(const std::string& text, int line);

// Index of the ")" matching the "(" at `open`; t.size() when unbalanced.
size_t matching_close(const Tokens& t, size_t open);
// Where the query that contains t[from] ends: the ")" closing its parenthesis, or t.size().
size_t query_end(const Tokens& t, size_t from);

struct SelectItem {
  size_t begin = 0, end = 0;            // the whole item
  size_t expr_begin = 0, expr_end = 0;  // its expression
  enum Kind { kUnnamed, kNamed, kStar } kind = kUnnamed;
  bool alias_first = false;  // written `alias = expr`
  bool has_alias = false;
  std::string name;
};

struct SelectList {
  size_t begin = 0, end = 0;  // after SELECT [ALL|DISTINCT] [TOP ...]; the clause after the list
  std::vector<SelectItem> items;
};

// t[select] is SELECT.
SelectList parse_select_list(const Tokens& t, size_t select);

// The first SELECT of the query that t[at] belongs to: the first at the same depth after the "("
// that opens that query (or the statement's start); `at` when there is none.
size_t owner_select(const Tokens& t, size_t at);

// Index of the first top-level (same parenthesis depth) word `w` in [from, to), or `to`.
size_t find_word(const Tokens& t, size_t from, size_t to, const char* w);

// Tokens [b, e) of t.
Tokens slice(const Tokens& t, size_t b, size_t e);

// Rewrites the constructs `next` finds one at a time, left to right, until none is left (each
// rewrite removes the one it was given): next(t) -> index or t.size(); rewrite(t, index) ->
// Result<Tokens>. Bounded: malformed text can make a rewrite reproduce what `next` finds (the
// libFuzzer differential target found a GROUPING SETS that grew for ever), and a CUBE multiplies
// the statement, so past kMaxRewrites rewrites or kMaxRewrittenTokens tokens the statement is
// refused instead.
inline constexpr size_t kMaxRewrites = 64;
inline constexpr size_t kMaxRewrittenTokens = 100'000;
template <class Next, class Rewrite>
Result<Tokens> rewrite_each(Tokens t, Next next, Rewrite rewrite) {
  size_t rewrites = 0;
  for (size_t at = next(t); at < t.size(); at = next(t)) {
    if (++rewrites > kMaxRewrites || t.size() > kMaxRewrittenTokens) {
      return not_supported("the statement is too complex for the development server's dialect");
    }
    Result<Tokens> r = rewrite(t, at);
    if (!r) return r.status();
    t = std::move(*r);
  }
  return t;
}

}  // namespace gw::tdsdev
