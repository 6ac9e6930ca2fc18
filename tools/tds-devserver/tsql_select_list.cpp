#include "tsql_select_list.h"

#include <algorithm>

namespace gw::tdsdev {

SqlToken word_token(const std::string& text, int line) {
  return SqlToken{SqlToken::kWord, text, line};
}
SqlToken symbol_token(const std::string& text, int line) {
  return SqlToken{SqlToken::kSymbol, text, line};
}
SqlToken string_token(const std::string& text, int line) {
  SqlToken s{SqlToken::kString, text, line};
  s.national = true;
  return s;
}
SqlToken quoted_token(const std::string& text, int line) {
  return SqlToken{SqlToken::kQuoted, text, line};
}

size_t matching_close(const Tokens& t, size_t open) {
  int depth = 0;
  for (size_t i = open; i < t.size(); ++i) {
    if (t[i].is_symbol("(")) ++depth;
    if (t[i].is_symbol(")") && --depth == 0) return i;
  }
  return t.size();
}

size_t query_end(const Tokens& t, size_t from) {
  int depth = 0;
  for (size_t i = from; i < t.size(); ++i) {
    if (t[i].is_symbol("(")) ++depth;
    if (t[i].is_symbol(")") && --depth < 0) return i;
    if (depth == 0 && t[i].is_symbol(";")) return i;
  }
  return t.size();
}

size_t find_word(const Tokens& t, size_t from, size_t to, const char* w) {
  int depth = 0;
  for (size_t i = from; i < to; ++i) {
    if (t[i].is_symbol("(")) ++depth;
    if (t[i].is_symbol(")") && --depth < 0) return to;
    if (depth == 0 && t[i].is_word(w)) return i;
  }
  return to;
}

size_t owner_select(const Tokens& t, size_t at) {
  int depth = 0;
  size_t start = 0;
  for (size_t i = at; i-- > 0;) {
    if (t[i].is_symbol(")")) ++depth;
    if (t[i].is_symbol("(") && --depth < 0) {
      start = i + 1;
      break;
    }
  }
  return find_word(t, start, at, "SELECT");
}

Tokens slice(const Tokens& t, size_t b, size_t e) {
  return Tokens(t.begin() + static_cast<std::ptrdiff_t>(b),
                t.begin() + static_cast<std::ptrdiff_t>(e));
}

namespace {

constexpr const char* kListEnd[] = {"FROM",  "INTO",   "WHERE",     "GROUP", "HAVING", "ORDER",
                                    "UNION", "EXCEPT", "INTERSECT", "FOR",   "OPTION", "WINDOW"};

// Words that end an expression and so are never an implicit alias.
constexpr const char* kNotAlias[] = {"END", "NULL", "ASC",  "DESC", "AND",  "OR",   "NOT",    "IS",
                                     "IN",  "LIKE", "THEN", "ELSE", "WHEN", "CASE", "BETWEEN"};

bool is_alias_token(const SqlToken& t) {
  if (t.kind == SqlToken::kQuoted || t.kind == SqlToken::kString) return true;
  if (t.kind != SqlToken::kWord) return false;
  return std::none_of(std::begin(kNotAlias), std::end(kNotAlias),
                      [&](const char* w) { return t.is_word(w); });
}

void name_item(const Tokens& t, SelectItem& it) {
  const size_t b = it.begin, e = it.end;
  it.expr_begin = b;
  it.expr_end = e;
  if (e - b >= 3 && (t[b].is_name() || t[b].kind == SqlToken::kString) && t[b + 1].is_symbol("=")) {
    it.kind = SelectItem::kNamed;
    it.alias_first = it.has_alias = true;
    it.name = t[b].text;
    it.expr_begin = b + 2;
    return;
  }
  if (e - b >= 3 && t[e - 2].is_word("AS") && is_alias_token(t[e - 1])) {
    it.kind = SelectItem::kNamed;
    it.has_alias = true;
    it.name = t[e - 1].text;
    it.expr_end = e - 2;
    return;
  }
  if (e - b >= 2 && is_alias_token(t[e - 1]) && !t[e - 2].is_symbol(".") &&
      (t[e - 2].is_symbol(")") || t[e - 2].kind == SqlToken::kWord ||
       t[e - 2].kind == SqlToken::kQuoted || t[e - 2].kind == SqlToken::kNumber ||
       t[e - 2].kind == SqlToken::kString || t[e - 2].kind == SqlToken::kVariable)) {
    it.kind = SelectItem::kNamed;
    it.has_alias = true;
    it.name = t[e - 1].text;
    it.expr_end = e - 1;
    return;
  }
  // A column reference: name(.name)*, or a star.
  if (t[e - 1].is_symbol("*") && (e - b == 1 || t[e - 2].is_symbol("."))) {
    it.kind = SelectItem::kStar;
    return;
  }
  bool reference = t[b].is_name() && (e - b) % 2 == 1;
  for (size_t k = b + 1; reference && k < e; k += 2)
    reference = t[k].is_symbol(".") && t[k + 1].is_name();
  if (reference && !(e - b == 1 && t[b].kind == SqlToken::kWord && t[b].is_word("NULL"))) {
    it.kind = SelectItem::kNamed;
    it.name = t[e - 1].text;
  }
}

}  // namespace

SelectList parse_select_list(const Tokens& t, size_t select) {
  SelectList list;
  size_t i = select + 1;
  if (i < t.size() && (t[i].is_word("DISTINCT") || t[i].is_word("ALL"))) ++i;
  if (i < t.size() && t[i].is_word("TOP")) {
    ++i;
    if (i < t.size() && t[i].is_symbol("(")) i = matching_close(t, i);
    ++i;
    if (i < t.size() && t[i].is_word("PERCENT")) ++i;
    if (i + 1 < t.size() && t[i].is_word("WITH") && t[i + 1].is_word("TIES")) i += 2;
  }
  i = std::min(i, t.size());  // a cut-off TOP
  list.begin = i;
  int depth = 0;
  size_t item_start = i;
  for (; i < t.size(); ++i) {
    const SqlToken& tok = t[i];
    if (tok.is_symbol("(")) ++depth;
    if (tok.is_symbol(")") && --depth < 0) break;
    if (depth != 0) continue;
    if (tok.is_symbol(";")) break;
    if (tok.kind == SqlToken::kWord && std::any_of(std::begin(kListEnd), std::end(kListEnd),
                                                   [&](const char* w) { return tok.is_word(w); }))
      break;
    if (tok.is_symbol(",")) {
      if (i > item_start) list.items.push_back(SelectItem{item_start, i});
      item_start = i + 1;
    }
  }
  if (i > item_start) list.items.push_back(SelectItem{item_start, i});
  list.end = i;
  for (auto& it : list.items) name_item(t, it);
  return list;
}

}  // namespace gw::tdsdev
