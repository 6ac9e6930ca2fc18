#include "tsql_grouping_sets.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "sql_errors.h"
#include "tsql_lexer.h"

namespace gw::tdsdev {

namespace {

using Set = std::vector<Tokens>;  // the expressions of one grouping set

constexpr const char* kAggregates[] = {"COUNT",      "COUNT_BIG",      "SUM",         "AVG", "MIN",
                                       "MAX",        "STDEV",          "STDEVP",      "VAR", "VARP",
                                       "STRING_AGG", "TDS_STRING_AGG", "GROUP_CONCAT"};

bool same_token(const SqlToken& a, const SqlToken& b) {
  if (a.kind != b.kind) return false;
  if (a.is_name()) return to_upper(a.text) == to_upper(b.text);
  return a.text == b.text;
}

// A column reference name(.name)* spans [i, end); its last part.
bool column_ref(const Tokens& t, size_t b, size_t e) {
  if (e <= b || (e - b) % 2 == 0 || !t[b].is_name()) return false;
  for (size_t k = b + 1; k < e; k += 2)
    if (!t[k].is_symbol(".") || !t[k + 1].is_name()) return false;
  return true;
}

// Length of the match of grouping expression g at t[i] (0: none). A column reference matches
// another by its last part (c.State and State name the same column here).
size_t match_at(const Tokens& t, size_t i, size_t e, const Tokens& g) {
  if (i > 0 && t[i - 1].is_symbol(".")) return 0;
  if (column_ref(g, 0, g.size())) {
    size_t k = i;
    if (!t[k].is_name()) return 0;
    while (k + 2 < e && t[k + 1].is_symbol(".") && t[k + 2].is_name()) k += 2;
    if (k + 1 < e && t[k + 1].is_symbol("(")) return 0;  // a function call
    return same_token(t[k], g.back()) ? k - i + 1 : 0;
  }
  if (i + g.size() > e) return 0;
  for (size_t k = 0; k < g.size(); ++k)
    if (!same_token(t[i + k], g[k])) return 0;
  return g.size();
}

bool in_set(const Set& s, const Tokens& g) {
  return std::any_of(s.begin(), s.end(), [&](const Tokens& x) {
    return match_at(x, 0, x.size(), g) == x.size() || match_at(g, 0, g.size(), x) == g.size();
  });
}

// Tokens [b, e) with the grouping expressions outside `set` as NULL and GROUPING() as constants.
Result<Tokens> substitute(const Tokens& t, size_t b, size_t e, const Set& set, const Set& all) {
  Tokens out;
  for (size_t i = b; i < e; ++i) {
    const int line = t[i].line;
    const bool call = i + 1 < e && t[i + 1].is_symbol("(");
    if (call && (t[i].is_word("GROUPING") || t[i].is_word("GROUPING_ID"))) {
      const size_t close = matching_close(t, i + 1);
      int64_t bits = 0;
      size_t k = i + 2;
      while (k < close) {
        size_t stop = k;
        while (stop < close && !t[stop].is_symbol(","))
          stop = t[stop].is_symbol("(") ? matching_close(t, stop) + 1 : stop + 1;
        Tokens arg = slice(t, k, stop);
        bits = bits * 2 + (in_set(set, arg) ? 0 : 1);
        k = stop + 1;
      }
      out.push_back(SqlToken{SqlToken::kNumber, std::to_string(bits), line});
      i = close;
      continue;
    }
    if (call && std::any_of(std::begin(kAggregates), std::end(kAggregates),
                            [&](const char* w) { return t[i].is_word(w); })) {
      const size_t close = matching_close(t, i + 1);
      for (size_t k = i; k <= close && k < e; ++k) out.push_back(t[k]);
      i = close;
      continue;
    }
    size_t matched = 0;
    for (const Tokens& g : all) {
      if (in_set(set, g)) continue;
      if ((matched = match_at(t, i, e, g)) != 0) break;
    }
    if (matched != 0) {
      out.push_back(word_token("NULL", line));
      i += matched - 1;
      continue;
    }
    out.push_back(t[i]);
  }
  return out;
}

// Splits [b, e) at top-level commas.
std::vector<std::pair<size_t, size_t>> split_commas(const Tokens& t, size_t b, size_t e) {
  std::vector<std::pair<size_t, size_t>> parts;
  int depth = 0;
  size_t start = b;
  for (size_t i = b; i < e; ++i) {
    if (t[i].is_symbol("(")) ++depth;
    if (t[i].is_symbol(")")) --depth;
    if (depth == 0 && t[i].is_symbol(",")) {
      parts.emplace_back(start, i);
      start = i + 1;
    }
  }
  if (e > start) parts.emplace_back(start, e);
  return parts;
}

// "(a, b)" -> {a, b}; "()" -> {}; "a" -> {a}.
Set unit(const Tokens& t, size_t b, size_t e) {
  Set s;
  if (e - b >= 2 && t[b].is_symbol("(") && matching_close(t, b) == e - 1) {
    for (auto [x, y] : split_commas(t, b + 1, e - 1)) s.push_back(slice(t, x, y));
    return s;
  }
  s.push_back(slice(t, b, e));
  return s;
}

Result<std::vector<Set>> sets_of(const Tokens& t, size_t b, size_t e) {
  // An empty element ("(, b)", "a,,b", "(a,)") is a syntax error in SQL Server; the splitting below
  // would hand on an empty expression.
  for (size_t i = b; i < e; ++i) {
    if (!t[i].is_symbol(",")) continue;
    const bool nothing_before = i == b || t[i - 1].is_symbol("(") || t[i - 1].is_symbol(",");
    const bool nothing_after = i + 1 == e || t[i + 1].is_symbol(")");
    if (nothing_before || nothing_after) return invalid_argument("Incorrect syntax near ','.");
  }
  std::vector<Set> result = {Set{}};
  for (auto [x, y] : split_commas(t, b, e)) {
    std::vector<Set> element;
    const bool rollup = t[x].is_word("ROLLUP"), cube = t[x].is_word("CUBE");
    const bool sets = t[x].is_word("GROUPING") && x + 1 < y && t[x + 1].is_word("SETS");
    if (rollup || cube || sets) {
      const size_t open = x + (sets ? 2 : 1);
      if (open >= y || !t[open].is_symbol("(") || matching_close(t, open) != y - 1)
        return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t[x].text));
      std::vector<Set> units;
      for (auto [p, q] : split_commas(t, open + 1, y - 1)) {
        if (t[p].is_word("ROLLUP") || t[p].is_word("CUBE") || t[p].is_word("GROUPING"))
          return not_supported("ROLLUP, CUBE or GROUPING SETS inside GROUPING SETS");
        units.push_back(unit(t, p, q));
      }
      if (sets) {
        element = units;
      } else if (rollup) {  // (a, b, c), (a, b), (a), ()
        for (size_t n = units.size() + 1; n-- > 0;) {
          Set s;
          for (size_t k = 0; k < n; ++k) s.insert(s.end(), units[k].begin(), units[k].end());
          element.push_back(s);
        }
      } else {  // CUBE: every subset, the full one first
        const size_t n = units.size();
        if (n > 10) return not_supported("CUBE of more than 10 expressions");
        for (size_t mask = (size_t{1} << n); mask-- > 0;) {
          Set s;
          for (size_t k = 0; k < n; ++k)
            if (mask & (size_t{1} << (n - 1 - k)))
              s.insert(s.end(), units[k].begin(), units[k].end());
          element.push_back(s);
        }
      }
    } else {
      element.push_back(Set{slice(t, x, y)});
    }
    std::vector<Set> crossed;
    for (const Set& left : result)
      for (const Set& right : element) {
        Set s = left;
        s.insert(s.end(), right.begin(), right.end());
        crossed.push_back(s);
      }
    result = std::move(crossed);
  }
  return result;
}

size_t next_grouping(const Tokens& t) {
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    if (!t[i].is_word("GROUP") || !t[i + 1].is_word("BY")) continue;
    const size_t end = query_end(t, i);
    for (size_t k = i + 2; k < end; ++k) {
      if (t[k].is_symbol("(")) {
        k = matching_close(t, k);
        continue;
      }
      if ((t[k].is_word("ROLLUP") || t[k].is_word("CUBE")) && k + 1 < end &&
          t[k + 1].is_symbol("("))
        return i;
      if (t[k].is_word("GROUPING") && k + 1 < end && t[k + 1].is_word("SETS")) return i;
      if (t[k].is_word("HAVING") || t[k].is_word("ORDER")) break;
    }
  }
  return t.size();
}

Result<Tokens> rewrite_grouping(const Tokens& t, size_t g) {
  const size_t end = query_end(t, g);
  const size_t owner = owner_select(t, g);
  if (owner >= g) return invalid_argument("Incorrect syntax near 'GROUP'.");
  const SelectList list = parse_select_list(t, owner);
  if (list.begin != owner + 1 && t[owner + 1].is_word("TOP"))
    return not_supported("TOP with ROLLUP, CUBE or GROUPING SETS");
  for (const char* w : {"UNION", "EXCEPT", "INTERSECT", "FOR"})
    if (find_word(t, owner, end, w) < end)
      return not_supported(fmt::format("{} with ROLLUP, CUBE or GROUPING SETS", w));
  const size_t having = find_word(t, g, end, "HAVING"), order = find_word(t, g, end, "ORDER");
  const size_t spec_end = std::min(having, order);
  if (order < end && find_word(t, order, end, "GROUPING") < end)
    return not_supported("GROUPING() in the ORDER BY of ROLLUP, CUBE or GROUPING SETS");
  auto sets = sets_of(t, g + 2, spec_end);
  if (!sets) return sets.status();
  Set all;
  for (const Set& s : *sets)
    for (const Tokens& x : s)
      if (!in_set(all, x)) all.push_back(x);

  Tokens out = slice(t, 0, owner);
  for (size_t n = 0; n < sets->size(); ++n) {
    const Set& set = (*sets)[n];
    const int line = t[g].line;
    if (n != 0) {
      out.push_back(word_token("UNION", line));
      out.push_back(word_token("ALL", line));
    }
    for (size_t k = owner; k < list.begin; ++k) out.push_back(t[k]);
    for (size_t j = 0; j < list.items.size(); ++j) {
      const SelectItem& it = list.items[j];
      if (j != 0) out.push_back(symbol_token(",", line));
      auto expr = substitute(t, it.expr_begin, it.expr_end, set, all);
      if (!expr) return expr.status();
      out.insert(out.end(), expr->begin(), expr->end());
      // Keep each column's name: a NULL in place of `c.State` still reads State.
      if (it.kind == SelectItem::kNamed || it.has_alias) {
        out.push_back(word_token("AS", line));
        out.push_back(quoted_token(it.name, line));
      }
    }
    for (size_t k = list.end; k < g; ++k) out.push_back(t[k]);
    if (!set.empty()) {
      out.push_back(word_token("GROUP", line));
      out.push_back(word_token("BY", line));
      for (size_t k = 0; k < set.size(); ++k) {
        if (k != 0) out.push_back(symbol_token(",", line));
        out.insert(out.end(), set[k].begin(), set[k].end());
      }
    }
    if (having < end) {
      auto cond = substitute(t, having, std::min(order, end), set, all);
      if (!cond) return cond.status();
      if (set.empty() && !cond->empty()) {
        // SQLite accepts HAVING only with GROUP BY; GROUP BY () is one group of all rows.
        out.push_back(word_token("GROUP", line));
        out.push_back(word_token("BY", line));
        out.push_back(SqlToken{SqlToken::kString, "", line});
      }
      out.insert(out.end(), cond->begin(), cond->end());
    }
  }
  out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(std::min(order, end)), t.end());
  return out;
}

}  // namespace

Result<Tokens> rewrite_grouping_sets(const Tokens& in) {
  return rewrite_each(in, next_grouping, rewrite_grouping);
}

}  // namespace gw::tdsdev
