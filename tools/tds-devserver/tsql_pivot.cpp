#include "tsql_pivot.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "sql_errors.h"
#include "util/text.h"

namespace gw::tdsdev {

namespace {

size_t matching_open(const Tokens& t, size_t close) {
  int depth = 0;
  for (size_t i = close + 1; i-- > 0;) {
    if (t[i].is_symbol(")")) ++depth;
    if (t[i].is_symbol("(") && --depth == 0) return i;
  }
  return t.size();
}

bool same_name(const std::string& a, const std::string& b) { return to_lower(a) == to_lower(b); }

// `IN ( [a], [b] )` at t[i] == IN: the names.
Result<std::vector<std::string>> in_list(const Tokens& t, size_t i, size_t end) {
  if (i + 1 >= end || !t[i].is_word("IN") || !t[i + 1].is_symbol("("))
    return invalid_argument("Incorrect syntax near 'FOR'.");
  std::vector<std::string> names;
  const size_t close = matching_close(t, i + 1);
  for (size_t k = i + 2; k < close; k += 2) {
    if (!t[k].is_name() && t[k].kind != SqlToken::kNumber)
      return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t[k].text));
    names.push_back(t[k].text);
    if (k + 1 < close && !t[k + 1].is_symbol(","))
      return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t[k + 1].text));
  }
  if (names.empty()) return invalid_argument("Incorrect syntax near ')'.");
  return names;
}

SqlToken pivot_value(const std::string& name, int line) {
  const bool digits = !name.empty() && std::all_of(name.begin(), name.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  return digits ? SqlToken{SqlToken::kNumber, name, line} : string_token(name, line);
}

void append(Tokens& out, std::initializer_list<SqlToken> toks) { out.insert(out.end(), toks); }

Result<Tokens> rewrite_pivot_clause(const Tokens& t, size_t kw) {
  const bool pivot = t[kw].is_word("PIVOT");
  const int line = t[kw].line;
  // The source: ( SELECT ... ) [AS] alias, just before the keyword.
  size_t k = kw;
  std::string source_alias;
  if (k > 0 && t[k - 1].is_name()) {
    source_alias = t[--k].text;
    if (k > 0 && t[k - 1].is_word("AS")) --k;
  }
  if (k == 0 || !t[k - 1].is_symbol(")") || source_alias.empty())
    return not_supported(
        fmt::format("{} over a table name; write FROM (SELECT ...) AS src {} (...)",
                    pivot ? "PIVOT" : "UNPIVOT", pivot ? "PIVOT" : "UNPIVOT"));
  const size_t src_close = k - 1, src_open = matching_open(t, src_close);
  if (src_open >= t.size() || !t[src_open + 1].is_word("SELECT"))
    return not_supported(std::string(pivot ? "PIVOT" : "UNPIVOT") +
                         " over a source other than a derived table");
  const SelectList src = parse_select_list(t, src_open + 1);
  std::vector<std::string> columns;
  for (const auto& it : src.items) {
    if (it.kind != SelectItem::kNamed)
      return not_supported(std::string(pivot ? "PIVOT" : "UNPIVOT") +
                           " source columns without names (or *)");
    columns.push_back(it.name);
  }
  // The clause: ( ... ) [AS] alias.
  const size_t open = kw + 1, close = matching_close(t, open);
  if (close >= t.size())
    return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t[kw].text));
  size_t after = close + 1;
  std::string alias = pivot ? "pvt" : "unpvt";
  if (after < t.size() && t[after].is_word("AS")) ++after;
  if (after < t.size() && t[after].is_name() && !t[after].is_word("WHERE") &&
      !t[after].is_word("ORDER") && !t[after].is_word("GROUP") && !t[after].is_word("JOIN"))
    alias = t[after++].text;
  const Tokens source = slice(t, src_open, src_close + 1);

  Tokens body;
  if (pivot) {
    // agg ( value ) FOR column IN ( ... )
    if (!(t[open + 1].is_name() && t[open + 2].is_symbol("(")))
      return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t[open + 1].text));
    const size_t agg_close = matching_close(t, open + 2);
    if (agg_close + 3 >= close || !t[agg_close + 1].is_word("FOR") || !t[agg_close + 2].is_name())
      return invalid_argument("Incorrect syntax near 'PIVOT'.");
    const Tokens agg_arg = slice(t, open + 3, agg_close);
    const std::string pivot_col = t[agg_close + 2].text;
    auto values = in_list(t, agg_close + 3, close + 1);
    if (!values) return values.status();
    std::vector<std::string> groups;
    for (const auto& c : columns)
      if (!same_name(c, pivot_col) && !(agg_arg.size() == 1 && same_name(c, agg_arg[0].text)))
        groups.push_back(c);
    body.push_back(symbol_token("(", line));
    body.push_back(word_token("SELECT", line));
    bool first = true;
    for (const auto& g : groups) {
      if (!first) body.push_back(symbol_token(",", line));
      body.push_back(quoted_token(g, line));
      first = false;
    }
    for (const auto& v : *values) {
      if (!first) body.push_back(symbol_token(",", line));
      first = false;
      body.push_back(t[open + 1]);
      append(body, {symbol_token("(", line), word_token("CASE", line), word_token("WHEN", line),
                    quoted_token(pivot_col, line), symbol_token("=", line), pivot_value(v, line),
                    word_token("THEN", line)});
      body.insert(body.end(), agg_arg.begin(), agg_arg.end());
      append(body, {word_token("END", line), symbol_token(")", line), word_token("AS", line),
                    quoted_token(v, line)});
    }
    body.push_back(word_token("FROM", line));
    body.insert(body.end(), source.begin(), source.end());
    append(body, {word_token("AS", line), quoted_token(source_alias, line)});
    if (!groups.empty()) {
      append(body, {word_token("GROUP", line), word_token("BY", line)});
      for (size_t g = 0; g < groups.size(); ++g) {
        if (g != 0) body.push_back(symbol_token(",", line));
        body.push_back(quoted_token(groups[g], line));
      }
    }
    body.push_back(symbol_token(")", line));
  } else {
    // value FOR name IN ( ... )
    if (open + 4 >= close || !t[open + 1].is_name() || !t[open + 2].is_word("FOR") ||
        !t[open + 3].is_name())
      return invalid_argument("Incorrect syntax near 'UNPIVOT'.");
    const std::string value_col = t[open + 1].text, name_col = t[open + 3].text;
    auto listed = in_list(t, open + 4, close + 1);
    if (!listed) return listed.status();
    std::vector<std::string> others;
    for (const auto& c : columns)
      if (std::none_of(listed->begin(), listed->end(),
                       [&](const std::string& l) { return same_name(l, c); }))
        others.push_back(c);
    body.push_back(symbol_token("(", line));
    for (size_t n = 0; n < listed->size(); ++n) {
      const std::string& col = (*listed)[n];
      if (n != 0) append(body, {word_token("UNION", line), word_token("ALL", line)});
      body.push_back(word_token("SELECT", line));
      for (const auto& o : others) append(body, {quoted_token(o, line), symbol_token(",", line)});
      append(body, {string_token(col, line), word_token("AS", line), quoted_token(name_col, line),
                    symbol_token(",", line), quoted_token(col, line), word_token("AS", line),
                    quoted_token(value_col, line), word_token("FROM", line)});
      body.insert(body.end(), source.begin(), source.end());
      append(body, {word_token("AS", line), quoted_token(source_alias, line),
                    word_token("WHERE", line), quoted_token(col, line), word_token("IS", line),
                    word_token("NOT", line), word_token("NULL", line)});
    }
    body.push_back(symbol_token(")", line));
  }
  Tokens out = slice(t, 0, src_open);
  out.insert(out.end(), body.begin(), body.end());
  append(out, {word_token("AS", line), quoted_token(alias, line)});
  out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(after), t.end());
  return out;
}

size_t next_pivot(const Tokens& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if ((t[i].is_word("PIVOT") || t[i].is_word("UNPIVOT")) && t[i + 1].is_symbol("(")) return i;
  return t.size();
}

}  // namespace

Result<Tokens> rewrite_pivots(const Tokens& in) {
  return rewrite_each(in, next_pivot, rewrite_pivot_clause);
}

}  // namespace gw::tdsdev
