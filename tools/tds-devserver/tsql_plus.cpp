#include "tsql_plus.h"

#include <algorithm>

namespace gw::tdsdev {

namespace {

constexpr const char* kBoundaryWords[] = {
    "SELECT",  "FROM",     "WHERE",  "AND",   "OR",     "NOT",     "ON",        "AS",      "WHEN",
    "THEN",    "ELSE",     "END",    "CASE",  "IS",     "IN",      "LIKE",      "BETWEEN", "ORDER",
    "GROUP",   "BY",       "HAVING", "SET",   "VALUES", "JOIN",    "INNER",     "LEFT",    "RIGHT",
    "OUTER",   "CROSS",    "FULL",   "UNION", "ALL",    "EXCEPT",  "INTERSECT", "ASC",     "DESC",
    "ESCAPE",  "DISTINCT", "TOP",    "INTO",  "INSERT", "UPDATE",  "DELETE",    "WITH",    "OFFSET",
    "FETCH",   "ROWS",     "ROW",    "NEXT",  "ONLY",   "PERCENT", "TIES",      "RETURN",  "PRINT",
    "COLLATE", "EXISTS",   "USING"};

constexpr const char* kBoundarySymbols[] = {
    ",", ";", "=", "<", ">", "<=", ">=", "<>", "!=", "!<", "!>", "&", "|", "^"};

bool is_boundary(const SqlToken& t) {
  if (t.kind == SqlToken::kWord) {
    return std::any_of(std::begin(kBoundaryWords), std::end(kBoundaryWords),
                       [&](const char* w) { return t.is_word(w); });
  }
  if (t.kind == SqlToken::kSymbol) {
    return std::any_of(std::begin(kBoundarySymbols), std::end(kBoundarySymbols),
                       [&](const char* s) { return t.text == s; });
  }
  return false;
}

bool ends_operand(const SqlToken& t) {
  if (t.kind == SqlToken::kSymbol) return t.text == ")";
  return !is_boundary(t);
}

SqlToken symbol(const char* s, int line) {
  SqlToken t;
  t.kind = SqlToken::kSymbol;
  t.text = s;
  t.line = line;
  return t;
}

using Tokens = std::vector<SqlToken>;

// One additive chain (no boundary inside at this depth; parenthesized groups already rewritten).
Tokens fold_chain(const Tokens& seg) {
  std::vector<Tokens> terms(1);
  std::vector<std::string> ops;
  int depth = 0;
  bool has_plus = false;
  for (const auto& t : seg) {
    bool additive = depth == 0 && (t.is_symbol("+") || t.is_symbol("-")) && !terms.back().empty() &&
                    ends_operand(terms.back().back());
    if (additive) {
      has_plus = has_plus || t.is_symbol("+");
      ops.push_back(t.text);
      terms.emplace_back();
      continue;
    }
    if (t.is_symbol("(")) ++depth;
    if (t.is_symbol(")")) --depth;
    terms.back().push_back(t);
  }
  if (!has_plus) return seg;
  int line = seg.front().line;
  Tokens acc = terms[0];
  for (size_t i = 0; i < ops.size(); ++i) {
    Tokens next;
    if (ops[i] == "+") {
      SqlToken fn;
      fn.kind = SqlToken::kWord;
      fn.text = "tds_add";
      fn.line = line;
      next = {fn, symbol("(", line)};
      next.insert(next.end(), acc.begin(), acc.end());
      next.push_back(symbol(",", line));
      next.insert(next.end(), terms[i + 1].begin(), terms[i + 1].end());
      next.push_back(symbol(")", line));
    } else {
      next = acc;
      next.push_back(symbol("-", line));
      next.insert(next.end(), terms[i + 1].begin(), terms[i + 1].end());
    }
    acc = std::move(next);
  }
  return acc;
}

// Rewrites tokens [i, end-of-group): stops at an unmatched ")" (left for the caller).
Tokens rewrite_group(const Tokens& in, size_t& i) {
  Tokens out, seg;
  auto flush = [&] {
    if (!seg.empty()) {
      Tokens f = fold_chain(seg);
      out.insert(out.end(), f.begin(), f.end());
      seg.clear();
    }
  };
  while (i < in.size()) {
    const SqlToken& t = in[i];
    if (t.is_symbol(")")) break;
    if (t.is_symbol("(")) {
      ++i;
      Tokens inner = rewrite_group(in, i);
      seg.push_back(t);
      seg.insert(seg.end(), inner.begin(), inner.end());
      if (i < in.size()) seg.push_back(in[i++]);  // the ")"
      continue;
    }
    if (is_boundary(t)) {
      flush();
      out.push_back(t);
      ++i;
      continue;
    }
    seg.push_back(t);
    ++i;
  }
  flush();
  return out;
}

}  // namespace

std::vector<SqlToken> rewrite_plus(const std::vector<SqlToken>& tokens) {
  bool any =
      std::any_of(tokens.begin(), tokens.end(), [](const SqlToken& t) { return t.is_symbol("+"); });
  if (!any) return tokens;
  Tokens out;
  size_t i = 0;
  while (i < tokens.size()) {
    Tokens part = rewrite_group(tokens, i);
    out.insert(out.end(), part.begin(), part.end());
    if (i < tokens.size()) out.push_back(tokens[i++]);  // an unbalanced ")": keep it for the error
  }
  return out;
}

}  // namespace gw::tdsdev
