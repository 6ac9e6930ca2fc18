#include "tsql_dialect.h"

#include <string>

#include "sql_errors.h"
#include "tsql_apply.h"
#include "tsql_for_clause.h"
#include "tsql_grouping_sets.h"
#include "tsql_pivot.h"
#include "tsql_select_list.h"
#include "util/text.h"

namespace gw::tdsdev {

namespace {

// "Query Hints (Transact-SQL)": OPTION (...) at the end of the statement picks a plan; the
// result is the same without it.
Tokens strip_query_hints(const Tokens& t) {
  Tokens out;
  int depth = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].is_symbol("(")) ++depth;
    if (t[i].is_symbol(")")) --depth;
    if (depth == 0 && t[i].is_word("OPTION") && i + 1 < t.size() && t[i + 1].is_symbol("(")) {
      i = matching_close(t, i + 1);
      continue;
    }
    out.push_back(t[i]);
  }
  return out;
}

// The SELECT whose columns the client sees: the statement's first, or the first after its CTEs.
size_t main_select(const Tokens& t) {
  if (t.empty()) return t.size();
  if (t[0].is_word("SELECT")) return 0;
  if (!t[0].is_word("WITH")) return t.size();
  return find_word(t, 0, t.size(), "SELECT");
}

constexpr size_t kNone = static_cast<size_t>(-1);

void emit_lists(const Tokens& t, size_t b, size_t e, size_t main, Tokens& out) {
  for (size_t i = b; i < e; ++i) {
    if (!t[i].is_word("SELECT")) {
      out.push_back(t[i]);
      continue;
    }
    const SelectList list = parse_select_list(t, i);
    for (size_t k = i; k < list.begin; ++k) out.push_back(t[k]);
    for (size_t j = 0; j < list.items.size(); ++j) {
      const SelectItem& it = list.items[j];
      const int line = t[it.begin].line;
      if (j != 0) out.push_back(symbol_token(",", line));
      if (it.alias_first) {
        emit_lists(t, it.expr_begin, it.end, kNone, out);
        out.push_back(word_token("AS", line));
        out.push_back(quoted_token(it.name, line));
        continue;
      }
      emit_lists(t, it.begin, it.end, kNone, out);
      if (i == main && it.kind == SelectItem::kUnnamed) {
        out.push_back(word_token("AS", line));
        out.push_back(quoted_token("", line));
      }
    }
    i = list.end - 1;
  }
}

// STRING_SPLIT(s, sep) -> json_each(tds_string_split(s, sep)): a table of one column, value
// ("STRING_SPLIT (Transact-SQL)"); json_each's value column has that name.
Tokens rewrite_string_split(const Tokens& t) {
  Tokens out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].is_word("STRING_SPLIT") && i + 1 < t.size() && t[i + 1].is_symbol("(")) {
      const size_t close = matching_close(t, i + 1);
      out.push_back(word_token("json_each", t[i].line));
      out.push_back(symbol_token("(", t[i].line));
      out.push_back(word_token("tds_string_split", t[i].line));
      out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(i + 1),
                 t.begin() + static_cast<std::ptrdiff_t>(std::min(close + 1, t.size())));
      out.push_back(symbol_token(")", t[i].line));
      i = close;
      continue;
    }
    out.push_back(t[i]);
  }
  return out;
}

// STRING_AGG(x, sep) WITHIN GROUP (ORDER BY k1 DESC, k2) -> tds_string_agg(x, sep, 'DA', k1, k2).
Result<Tokens> rewrite_string_agg(const Tokens& t) {
  Tokens out;
  for (size_t i = 0; i < t.size(); ++i) {
    // LEFT( and RIGHT( are functions; to SQLite's parser (and the "+" rewrite) LEFT and RIGHT
    // are join keywords, while a quoted name calls the function of sql_functions.cpp.
    if ((t[i].is_word("LEFT") || t[i].is_word("RIGHT")) && i + 1 < t.size() &&
        t[i + 1].is_symbol("(")) {
      out.push_back(quoted_token(to_lower(t[i].text), t[i].line));
      continue;
    }
    if (!(t[i].is_word("STRING_AGG") && i + 1 < t.size() && t[i + 1].is_symbol("("))) {
      out.push_back(t[i]);
      continue;
    }
    const int line = t[i].line;
    const size_t close = matching_close(t, i + 1);
    if (close >= t.size()) return invalid_argument("Incorrect syntax near 'STRING_AGG'.");
    auto args = rewrite_string_agg(slice(t, i + 2, close));
    if (!args) return args.status();
    std::string directions;
    Tokens keys;
    size_t next = close;
    if (close + 5 < t.size() && t[close + 1].is_word("WITHIN") && t[close + 2].is_word("GROUP") &&
        t[close + 3].is_symbol("(") && t[close + 4].is_word("ORDER") &&
        t[close + 5].is_word("BY")) {
      const size_t end = matching_close(t, close + 3);
      if (end >= t.size()) return invalid_argument("Incorrect syntax near 'WITHIN'.");
      size_t k = close + 6;
      while (k < end) {
        size_t stop = k;
        int depth = 0;
        for (; stop < end; ++stop) {
          if (t[stop].is_symbol("(")) ++depth;
          if (t[stop].is_symbol(")")) --depth;
          if (depth == 0 && t[stop].is_symbol(",")) break;
        }
        size_t key_end = stop;
        char dir = 'A';
        if (key_end > k && (t[key_end - 1].is_word("ASC") || t[key_end - 1].is_word("DESC"))) {
          dir = t[key_end - 1].is_word("DESC") ? 'D' : 'A';
          --key_end;
        }
        if (key_end == k) return invalid_argument("Incorrect syntax near 'BY'.");
        directions += dir;
        keys.push_back(symbol_token(",", line));
        for (size_t m = k; m < key_end; ++m) keys.push_back(t[m]);
        k = stop + 1;
      }
      next = end;
    }
    out.push_back(word_token("tds_string_agg", line));
    out.push_back(symbol_token("(", line));
    out.insert(out.end(), args->begin(), args->end());
    out.push_back(symbol_token(",", line));
    out.push_back(string_token(directions, line));
    out.insert(out.end(), keys.begin(), keys.end());
    out.push_back(symbol_token(")", line));
    i = next;
  }
  return out;
}

}  // namespace

std::vector<std::string> cast_column_types(const std::vector<SqlToken>& t) {
  std::vector<std::string> types;
  const size_t main = main_select(t);
  if (main >= t.size()) return types;
  for (const SelectItem& it : parse_select_list(t, main).items) {
    if (it.kind == SelectItem::kStar) break;  // the columns after it are not counted here
    std::string type;
    const size_t b = it.expr_begin, e = it.expr_end;
    const bool cast = t[b].is_word("CAST") || t[b].is_word("TRY_CAST");
    const bool convert = t[b].is_word("CONVERT") || t[b].is_word("TRY_CONVERT");
    if ((cast || convert) && e - b > 3 && t[b + 1].is_symbol("(") &&
        matching_close(t, b + 1) == e - 1) {
      size_t from = cast ? find_word(t, b + 2, e - 1, "AS") + 1 : b + 2;
      for (size_t k = from; k < e - 1 && !(convert && t[k].is_symbol(",")); ++k) type += t[k].text;
    }
    types.push_back(type);
  }
  return types;
}

Result<std::vector<SqlToken>> rewrite_dialect(const std::vector<SqlToken>& stmt,
                                              const TranslateContext& ctx) {
  // The rewrites walk parentheses; unbalanced text is left to the main rewrite and SQLite, which
  // answer it with a syntax error.
  int depth = 0;
  for (const auto& tok : stmt) {
    if (tok.is_symbol("(")) ++depth;
    if (tok.is_symbol(")") && --depth < 0) break;
  }
  if (depth != 0) return stmt;
  Tokens t = strip_query_hints(stmt);
  Tokens named;
  emit_lists(t, 0, t.size(), ctx.name_result_columns ? main_select(t) : kNone, named);
  auto applied = rewrite_applies(rewrite_string_split(named));
  if (!applied) return applied.status();
  auto pivoted = rewrite_pivots(*applied);
  if (!pivoted) return pivoted.status();
  auto grouped = rewrite_grouping_sets(*pivoted);
  if (!grouped) return grouped.status();
  auto aggregated = rewrite_string_agg(*grouped);
  if (!aggregated) return aggregated.status();
  return rewrite_for_clauses(*aggregated,
                             ctx.name_result_columns ? main_select(*aggregated) : kNone);
}

}  // namespace gw::tdsdev
