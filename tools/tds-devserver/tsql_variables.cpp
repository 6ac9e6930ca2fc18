// Scalar variables: DECLARE, SET and SELECT assignment (see tsql_variables.h).
#include "tsql_variables.h"

#include <cctype>

#include <fmt/format.h>

namespace gw::tdsdev {

namespace {

using TokenList = std::vector<SqlToken>;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_local_variable(const TokenList& t, size_t i) {
  return i < t.size() && t[i].kind == SqlToken::kVariable && t[i].text.rfind("@@", 0) != 0 &&
         t[i].text.size() > 1;
}

Status syntax_error(const TokenList& t, size_t i) {
  const std::string near = i < t.size() ? t[i].text : t.empty() ? "" : t.back().text;
  return invalid_argument(fmt::format("Incorrect syntax near '{}'.", near));
}

Status undeclared(const std::string& name) {
  return invalid_argument(fmt::format("Must declare the scalar variable \"{}\".", name));
}

SqlToken word_token(std::string text) { return SqlToken{SqlToken::kWord, std::move(text)}; }
SqlToken symbol_token(std::string text) { return SqlToken{SqlToken::kSymbol, std::move(text)}; }

// Index one past the expression starting at `i`: at a comma outside parentheses, or `stop`
// words (FROM, WHERE, ...) outside parentheses, or the end.
size_t expression_end(const TokenList& t, size_t i, bool stop_at_clause) {
  int depth = 0;
  for (; i < t.size(); ++i) {
    if (t[i].is_symbol("(")) ++depth;
    if (t[i].is_symbol(")")) --depth;
    if (depth != 0) continue;
    if (t[i].is_symbol(",")) break;
    if (stop_at_clause) {
      bool clause = false;
      for (std::string_view w : {"FROM", "WHERE", "GROUP", "HAVING", "ORDER", "OPTION", "UNION",
                                 "EXCEPT", "INTERSECT", "INTO"}) {
        clause = clause || t[i].is_word(w);
      }
      if (clause) break;
    }
  }
  return i;
}

// CAST((expr) AS type) as tokens, appended to `out`.
void append_cast(TokenList& out, const TokenList& t, size_t begin, size_t end,
                 const TokenList& type) {
  out.push_back(word_token("CAST"));
  out.push_back(symbol_token("("));
  out.push_back(symbol_token("("));
  out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(begin),
             t.begin() + static_cast<std::ptrdiff_t>(end));
  out.push_back(symbol_token(")"));
  out.push_back(word_token("AS"));
  out.insert(out.end(), type.begin(), type.end());
  out.push_back(symbol_token(")"));
}

// The assigned value of `@v op= expr` (`=` alone: expr), converted to the variable's type.
void append_assigned(TokenList& out, const TokenList& t, size_t begin, size_t end,
                     const SqlToken& var, const std::string& op, const TokenList& type) {
  if (op.empty()) return append_cast(out, t, begin, end, type);
  TokenList combined = {var, symbol_token(op), symbol_token("(")};
  combined.insert(combined.end(), t.begin() + static_cast<std::ptrdiff_t>(begin),
                  t.begin() + static_cast<std::ptrdiff_t>(end));
  combined.push_back(symbol_token(")"));
  append_cast(out, combined, 0, combined.size(), type);
}

// The operator of a compound assignment token ("+=" -> "+"; "Compound Operators (Transact-SQL)",
// one token each in the lexical table), or nullopt.
std::optional<std::string> compound_operator(const SqlToken& token) {
  for (std::string_view op : {"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="}) {
    if (token.is_symbol(op)) return std::string(op.substr(0, 1));
  }
  return std::nullopt;
}

// At `i`: "=" or a compound operator "+=". Returns the operator ("" for "=") and moves `i` past
// it; nullopt when there is none.
std::optional<std::string> read_assignment(const TokenList& t, size_t& i) {
  if (i < t.size() && t[i].is_symbol("=")) {
    ++i;
    return std::string();
  }
  if (i < t.size()) {
    if (auto op = compound_operator(t[i])) {
      ++i;
      return op;
    }
  }
  return std::nullopt;
}

Result<Translation> finish(TokenList select, StatementKind kind, std::vector<std::string> targets,
                           const TranslateContext& ctx, int line) {
  TranslateContext values_ctx = ctx;
  values_ctx.name_result_columns = false;
  auto tr = translate_statement(select, values_ctx);
  if (!tr) return tr.status();
  tr->kind = kind;
  tr->targets = std::move(targets);
  tr->line = line;
  return tr;
}

Result<Translation> translate_declare(const TokenList& t, const TranslateContext& ctx) {
  TokenList select = {word_token("SELECT")};
  std::vector<std::string> targets;
  std::vector<TokenList> types;
  size_t i = 1;
  while (true) {
    if (!is_local_variable(t, i)) return syntax_error(t, i);
    const std::string name = t[i].text;
    if (ctx.variables.count(lower(name))) {
      return invalid_argument(
          fmt::format("The variable name '{}' has already been declared. Variable names must be "
                      "unique within a query batch or stored procedure.",
                      name));
    }
    if (t.size() > i + 1 && t[i + 1].is_word("AS")) ++i;
    size_t type_begin = ++i;
    if (i < t.size() && (t[i].is_word("TABLE") || t[i].is_word("CURSOR"))) {
      return failed_precondition(fmt::format(
          "DECLARE @variable {} is not supported by tds-devserver.", to_upper(t[i].text)));
    }
    int depth = 0;
    while (i < t.size() && (depth > 0 || (!t[i].is_symbol(",") && !t[i].is_symbol("=")))) {
      if (t[i].is_symbol("(")) ++depth;
      if (t[i].is_symbol(")")) --depth;
      ++i;
    }
    if (i == type_begin) return syntax_error(t, i);
    TokenList type(t.begin() + static_cast<std::ptrdiff_t>(type_begin),
                   t.begin() + static_cast<std::ptrdiff_t>(i));
    if (select.size() > 1) select.push_back(symbol_token(","));
    if (i < t.size() && t[i].is_symbol("=")) {
      const size_t end = expression_end(t, ++i, false);
      if (end == i) return syntax_error(t, i);
      append_cast(select, t, i, end, type);
      i = end;
    } else {
      select.push_back(word_token("NULL"));
    }
    targets.push_back(name);
    types.push_back(std::move(type));
    if (i >= t.size()) break;
    if (!t[i].is_symbol(",")) return syntax_error(t, i);
    ++i;
  }
  auto tr =
      finish(std::move(select), StatementKind::kDeclare, std::move(targets), ctx, t.front().line);
  if (tr) tr->declared_types = std::move(types);
  return tr;
}

Result<Translation> translate_set(const TokenList& t, const TranslateContext& ctx) {
  auto type = ctx.variables.find(lower(t[1].text));
  if (type == ctx.variables.end()) return undeclared(t[1].text);
  size_t i = 2;
  auto op = read_assignment(t, i);
  if (!op || i >= t.size()) return syntax_error(t, i);
  TokenList select = {word_token("SELECT")};
  append_assigned(select, t, i, t.size(), t[1], *op, type->second);
  return finish(std::move(select), StatementKind::kAssign, {t[1].text}, ctx, t.front().line);
}

// SELECT @a = expr [, @b = expr] [FROM ...]: every item assigns (SQL Server error 141 otherwise).
Result<Translation> translate_select_assign(const TokenList& t, const TranslateContext& ctx) {
  TokenList select = {word_token("SELECT")};
  std::vector<std::string> targets;
  size_t i = 1;
  while (true) {
    if (!is_local_variable(t, i)) {
      return invalid_argument(
          "A SELECT statement that assigns a value to a variable must not be combined with "
          "data-retrieval operations.");
    }
    const SqlToken& var = t[i];
    auto type = ctx.variables.find(lower(var.text));
    if (type == ctx.variables.end()) return undeclared(var.text);
    ++i;
    auto op = read_assignment(t, i);
    if (!op) return syntax_error(t, i);
    const size_t end = expression_end(t, i, true);
    if (end == i) return syntax_error(t, i);
    if (select.size() > 1) select.push_back(symbol_token(","));
    append_assigned(select, t, i, end, var, *op, type->second);
    targets.push_back(var.text);
    i = end;
    if (i >= t.size() || !t[i].is_symbol(",")) break;
    ++i;
  }
  select.insert(select.end(), t.begin() + static_cast<std::ptrdiff_t>(i), t.end());
  return finish(std::move(select), StatementKind::kAssign, std::move(targets), ctx, t.front().line);
}

}  // namespace

std::optional<Result<Translation>> translate_variable_statement(const std::vector<SqlToken>& stmt,
                                                                const TranslateContext& ctx) {
  if (stmt.size() < 2) return std::nullopt;
  if (stmt[0].is_word("DECLARE")) return translate_declare(stmt, ctx);
  if (!is_local_variable(stmt, 1)) return std::nullopt;
  if (stmt[0].is_word("SET")) return translate_set(stmt, ctx);
  const bool assigns =
      stmt.size() > 2 && (stmt[2].is_symbol("=") || compound_operator(stmt[2]).has_value());
  if (stmt[0].is_word("SELECT") && assigns) return translate_select_assign(stmt, ctx);
  return std::nullopt;
}

void declare_variables(const Translation& declaration, TranslateContext& ctx) {
  for (size_t i = 0; i < declaration.targets.size(); ++i) {
    ctx.variables[lower(declaration.targets[i])] = declaration.declared_types[i];
  }
}

}  // namespace gw::tdsdev
