#include "tsql_apply.h"

#include <string>

#include <fmt/format.h>

#include "sql_errors.h"
#include "util/text.h"

namespace gw::tdsdev {

namespace {

void append(Tokens& out, std::initializer_list<SqlToken> toks) { out.insert(out.end(), toks); }

// json_extract(alias.value, '$[i]')
Tokens element(const std::string& alias, size_t i, int line) {
  return {word_token("json_extract", line),
          symbol_token("(", line),
          quoted_token(alias, line),
          symbol_token(".", line),
          word_token("value", line),
          symbol_token(",", line),
          SqlToken{SqlToken::kString, fmt::format("$[{}]", i), line},
          symbol_token(")", line)};
}

struct Applied {
  size_t begin = 0, end = 0;  // the tokens replaced: APPLY's first word .. after the alias
  Tokens replacement;
  std::string alias;
  std::vector<std::string> columns;  // empty: keep json_each's own columns (STRING_SPLIT)
};

Result<Applied> parse_apply(const Tokens& t, size_t a) {
  Applied ap;
  ap.begin = a;
  const bool outer = t[a].is_word("OUTER");
  const int line = t[a].line;
  size_t i = a + 2;
  if (i >= t.size()) return invalid_argument("Incorrect syntax near 'APPLY'.");
  Tokens source;  // the JSON array expression
  size_t after = 0;
  const bool call = t[i].is_name() && i + 1 < t.size() && t[i + 1].is_symbol("(");
  if (call) {  // a table-valued function: STRING_SPLIT is json_each(...) by now
    const size_t close = matching_close(t, i + 1);
    source.insert(source.end(), t.begin() + static_cast<std::ptrdiff_t>(i + 2),
                  t.begin() + static_cast<std::ptrdiff_t>(close));
    if (!t[i].is_word("JSON_EACH"))
      return not_supported("CROSS/OUTER APPLY of a table-valued function other than STRING_SPLIT");
    after = close + 1;
  } else if (t[i].is_symbol("(") && i + 1 < t.size() && t[i + 1].is_word("SELECT")) {
    const size_t close = matching_close(t, i);
    const SelectList list = parse_select_list(t, i + 1);
    Tokens array = {word_token("json_array", line), symbol_token("(", line)};
    for (size_t j = 0; j < list.items.size(); ++j) {
      const SelectItem& it = list.items[j];
      if (it.kind != SelectItem::kNamed || it.name.empty())
        return not_supported("CROSS/OUTER APPLY of a query with * or unnamed columns");
      ap.columns.push_back(it.name);
      if (j != 0) array.push_back(symbol_token(",", line));
      append(array,
             {quoted_token("_a", line), symbol_token(".", line), quoted_token(it.name, line)});
    }
    array.push_back(symbol_token(")", line));
    append(source, {symbol_token("(", line), word_token("SELECT", line),
                    word_token("json_group_array", line), symbol_token("(", line)});
    source.insert(source.end(), array.begin(), array.end());
    append(source, {symbol_token(")", line), word_token("FROM", line)});
    source.insert(source.end(), t.begin() + static_cast<std::ptrdiff_t>(i),
                  t.begin() + static_cast<std::ptrdiff_t>(close + 1));
    append(source, {word_token("AS", line), quoted_token("_a", line), symbol_token(")", line)});
    after = close + 1;
  } else if (t[i].is_symbol("(") && i + 1 < t.size() && t[i + 1].is_word("VALUES")) {
    const size_t close = matching_close(t, i);
    append(source, {word_token("json_array", line), symbol_token("(", line)});
    size_t k = i + 2;
    bool first = true;
    while (k < close) {
      if (!t[k].is_symbol("("))
        return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t[k].text));
      const size_t row_close = matching_close(t, k);
      if (!first) source.push_back(symbol_token(",", line));
      first = false;
      source.push_back(word_token("json_array", line));
      source.insert(source.end(), t.begin() + static_cast<std::ptrdiff_t>(k),
                    t.begin() + static_cast<std::ptrdiff_t>(row_close + 1));
      k = row_close + 1;
      if (k < close && t[k].is_symbol(",")) ++k;
    }
    source.push_back(symbol_token(")", line));
    after = close + 1;
  } else {
    return not_supported("CROSS/OUTER APPLY of this source");
  }
  if (after < t.size() && t[after].is_word("AS")) ++after;
  if (after >= t.size() || !t[after].is_name())
    return invalid_argument("Incorrect syntax near 'APPLY'.");
  ap.alias = t[after++].text;
  if (after < t.size() && t[after].is_symbol("(")) {  // v(a, b): the column names
    const size_t close = matching_close(t, after);
    ap.columns.clear();
    for (size_t k = after + 1; k < close; k += 2) ap.columns.push_back(t[k].text);
    after = close + 1;
  }
  ap.end = after;
  append(ap.replacement, {word_token(outer ? "LEFT" : "INNER", line), word_token("JOIN", line),
                          word_token("json_each", line), symbol_token("(", line)});
  ap.replacement.insert(ap.replacement.end(), source.begin(), source.end());
  append(ap.replacement,
         {symbol_token(")", line), word_token("AS", line), quoted_token(ap.alias, line),
          word_token("ON", line), SqlToken{SqlToken::kNumber, "1", line}});
  return ap;
}

// References to the applied columns: alias.col anywhere, alias.* in a select list, and a bare
// col at the APPLY's own level.
Tokens rewrite_references(const Tokens& t, const Applied& ap, int apply_depth) {
  // Select items that are just a reference to an applied column keep its name as the column name.
  std::vector<bool> whole_item(t.size() + 1, false);
  for (size_t s = 0; s < t.size(); ++s) {
    if (!t[s].is_word("SELECT")) continue;
    for (const auto& it : parse_select_list(t, s).items)
      if (it.kind == SelectItem::kNamed && !it.has_alias) whole_item[it.begin] = true;
  }
  auto named = [&](Tokens e, size_t at, const std::string& name) {
    if (whole_item[at]) append(e, {word_token("AS", t[at].line), quoted_token(name, t[at].line)});
    return e;
  };
  auto column_index = [&](const std::string& name) -> long {
    for (size_t k = 0; k < ap.columns.size(); ++k)
      if (to_lower(ap.columns[k]) == to_lower(name)) return static_cast<long>(k);
    return -1;
  };
  Tokens out;
  int depth = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i == ap.begin) {
      out.insert(out.end(), ap.replacement.begin(), ap.replacement.end());
      i = ap.end - 1;
      continue;
    }
    const SqlToken& tok = t[i];
    if (tok.is_symbol("(")) ++depth;
    if (tok.is_symbol(")")) --depth;
    const bool prev_dot = i > 0 && t[i - 1].is_symbol(".");
    if (!ap.columns.empty() && tok.is_name() && !prev_dot && i + 2 < t.size() &&
        t[i + 1].is_symbol(".") && to_lower(tok.text) == to_lower(ap.alias)) {
      if (t[i + 2].is_symbol("*")) {
        for (size_t k = 0; k < ap.columns.size(); ++k) {
          if (k != 0) out.push_back(symbol_token(",", tok.line));
          Tokens e = element(ap.alias, k, tok.line);
          out.insert(out.end(), e.begin(), e.end());
          append(out, {word_token("AS", tok.line), quoted_token(ap.columns[k], tok.line)});
        }
        i += 2;
        continue;
      }
      if (long k = column_index(t[i + 2].text); k >= 0 && t[i + 2].is_name()) {
        Tokens e = named(element(ap.alias, static_cast<size_t>(k), tok.line), i,
                         ap.columns[static_cast<size_t>(k)]);
        out.insert(out.end(), e.begin(), e.end());
        i += 2;
        continue;
      }
    }
    const bool bare = tok.is_name() && !prev_dot && depth == apply_depth &&
                      !(i > 0 && t[i - 1].is_word("AS")) &&
                      !(i + 1 < t.size() && (t[i + 1].is_symbol(".") || t[i + 1].is_symbol("(")));
    if (bare && !ap.columns.empty()) {
      if (long k = column_index(tok.text); k >= 0) {
        Tokens e = named(element(ap.alias, static_cast<size_t>(k), tok.line), i,
                         ap.columns[static_cast<size_t>(k)]);
        out.insert(out.end(), e.begin(), e.end());
        continue;
      }
    }
    out.push_back(tok);
  }
  return out;
}

size_t next_apply(const Tokens& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if ((t[i].is_word("CROSS") || t[i].is_word("OUTER")) && t[i + 1].is_word("APPLY")) return i;
  return t.size();
}

}  // namespace

Result<Tokens> rewrite_applies(const Tokens& in) {
  return rewrite_each(in, next_apply, [](const Tokens& t, size_t a) -> Result<Tokens> {
    auto ap = parse_apply(t, a);
    if (!ap) return ap.status();
    int depth = 0;
    for (size_t i = 0; i < a; ++i) {
      if (t[i].is_symbol("(")) ++depth;
      if (t[i].is_symbol(")")) --depth;
    }
    return rewrite_references(t, *ap, depth);
  });
}

}  // namespace gw::tdsdev
