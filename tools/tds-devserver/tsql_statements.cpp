// Splitting a batch into statements and classifying each (see tsql_translator.h).
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sql_errors.h"
#include "tsql_dateparts.h"
#include "tsql_dialect.h"
#include "tsql_plus.h"
#include "tsql_rewrite.h"
#include "tsql_translator.h"
#include "tsql_variables.h"

namespace gw::tdsdev {

namespace {

bool any_word(const SqlToken& t, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return t.is_word(w); });
}

bool has_top_level_word(const std::vector<SqlToken>& stmt,
                        std::initializer_list<std::string_view> words) {
  int depth = 0;
  for (const auto& t : stmt) {
    if (t.is_symbol("(")) ++depth;
    if (t.is_symbol(")")) --depth;
    if (depth == 0 && any_word(t, words)) return true;
  }
  return false;
}

// Does keyword `t` begin a new statement, given the statement collected so far?
bool starts_statement(const std::vector<SqlToken>& cur, const SqlToken& t) {
  if (cur.empty()) return false;
  const SqlToken& first = cur.front();
  const SqlToken& prev = cur.back();
  if (t.is_word("SELECT")) {
    if (any_word(prev, {"UNION", "ALL", "EXCEPT", "INTERSECT", "AS", "DISTINCT"})) return false;
    if (first.is_word("INSERT") && !has_top_level_word(cur, {"SELECT", "VALUES"})) return false;
    if (first.is_word("WITH") && !has_top_level_word(cur, {"SELECT", "INSERT", "UPDATE", "DELETE"}))
      return false;
    return true;
  }
  if (t.is_word("SET")) {
    if (first.is_word("UPDATE") && !has_top_level_word(cur, {"SET"})) return false;
    if (any_word(prev, {"DELETE", "UPDATE"})) return false;  // ON DELETE SET NULL
    return true;
  }
  if (any_word(t, {"INSERT", "UPDATE", "DELETE"})) {
    if (any_word(prev, {"ON", "FOR", "AFTER", "OF", "INSTEAD", "THEN"}) || prev.is_symbol(","))
      return false;
    if (first.is_word("WITH") && !has_top_level_word(cur, {"SELECT", "INSERT", "UPDATE", "DELETE"}))
      return false;
    return true;
  }
  return any_word(t, {"PRINT", "USE", "WAITFOR", "BEGIN", "COMMIT", "ROLLBACK", "CREATE", "DROP",
                      "ALTER", "DECLARE", "EXEC", "EXECUTE", "IF", "WHILE", "TRUNCATE", "RETURN"});
}

// fn_my_permissions(NULL, 'DATABASE') reads the session's table of effective database permissions
// (security_model.h); other securables are not modelled.
Result<std::vector<SqlToken>> rewrite_my_permissions(const std::vector<SqlToken>& stmt) {
  std::vector<SqlToken> out;
  for (size_t i = 0; i < stmt.size(); ++i) {
    if (!stmt[i].is_word("FN_MY_PERMISSIONS")) {
      out.push_back(stmt[i]);
      continue;
    }
    if (out.size() >= 2 && out.back().is_symbol(".") && out[out.size() - 2].is_word("SYS")) {
      out.resize(out.size() - 2);
    }
    const bool database = i + 5 < stmt.size() && stmt[i + 1].is_symbol("(") &&
                          stmt[i + 2].is_word("NULL") && stmt[i + 3].is_symbol(",") &&
                          stmt[i + 4].kind == SqlToken::kString &&
                          to_upper(stmt[i + 4].text) == "DATABASE" && stmt[i + 5].is_symbol(")");
    if (!database) return not_supported("fn_my_permissions other than (NULL, 'DATABASE')");
    out.push_back(SqlToken{SqlToken::kWord, "tds_my_permissions", stmt[i].line});
    i += 5;
  }
  return out;
}

}  // namespace

std::vector<std::vector<SqlToken>> split_statements(const std::vector<SqlToken>& tokens) {
  std::vector<std::vector<SqlToken>> out;
  std::vector<SqlToken> cur;
  int depth = 0;
  for (const auto& t : tokens) {
    if (t.is_symbol("(")) ++depth;
    if (t.is_symbol(")")) depth = std::max(0, depth - 1);
    if (depth == 0 && t.is_symbol(";")) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (depth == 0 && t.kind == SqlToken::kWord && starts_statement(cur, t)) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    cur.push_back(t);
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

Result<int64_t> parse_delay(std::string_view s) {
  int64_t parts[3] = {0, 0, 0};
  int n = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] == ':') {
      if (++n > 2) return invalid_argument("Incorrect syntax near '" + std::string(s) + "'.");
    } else if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      parts[n] = parts[n] * 10 + (s[i] - '0');
    } else {
      return invalid_argument("Incorrect syntax near '" + std::string(s) + "'.");
    }
  }
  // "hh:mm" and "hh:mm:ss" both count from hours.
  int64_t ms = (parts[0] * 3600 + parts[1] * 60 + (n == 2 ? parts[2] : 0)) * 1000;
  if (i < s.size()) {
    int64_t frac = 0, scale = 1000;
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      if (scale > 1) {
        scale /= 10;
        frac += (s[i] - '0') * scale;
      }
    }
    ms += frac;
  }
  return ms;
}

Result<Translation> translate_statement(const std::vector<SqlToken>& stmt,
                                        const TranslateContext& ctx) {
  Translation tr;
  if (stmt.empty()) return tr;
  tr.line = stmt.front().line;
  const SqlToken& first = stmt.front();
  auto word_at = [&](size_t i, std::string_view w) {
    return i < stmt.size() && stmt[i].is_word(w);
  };
  if (auto variable = translate_variable_statement(stmt, ctx)) return std::move(*variable);
  if (first.is_word("SET")) {
    if (stmt.size() > 1 && stmt[1].kind == SqlToken::kVariable)
      return invalid_argument(fmt::format("Incorrect syntax near '{}'.", stmt[1].text));
    // Options that change what a statement returns cannot be ignored without wrong answers.
    if (word_at(1, "ROWCOUNT") && !(stmt.size() == 3 && stmt[2].text == "0"))
      return not_supported("SET ROWCOUNT");
    for (const char* opt :
         {"FMTONLY", "PARSEONLY", "NOEXEC", "SHOWPLAN_ALL", "SHOWPLAN_TEXT", "SHOWPLAN_XML"}) {
      if (word_at(1, opt) && word_at(2, "ON")) return not_supported(fmt::format("SET {} ON", opt));
    }
    tr.kind = StatementKind::kIgnored;
    return tr;
  }
  if (first.is_word("USE")) {
    if (stmt.size() != 2 ||
        (stmt[1].kind != SqlToken::kWord && stmt[1].kind != SqlToken::kQuoted)) {
      return invalid_argument("Incorrect syntax near 'USE'.");
    }
    tr.kind = StatementKind::kUse;
    tr.argument = stmt[1].text;
    return tr;
  }
  if (first.is_word("BEGIN") || first.is_word("COMMIT") || first.is_word("ROLLBACK")) {
    bool tran = word_at(1, "TRAN") || word_at(1, "TRANSACTION") || word_at(1, "WORK");
    if (first.is_word("BEGIN") && !tran) return not_supported("BEGIN ... END");
    if (stmt.size() > (tran ? 3u : 1u))
      return invalid_argument("Incorrect syntax near '" + stmt.back().text + "'.");
    tr.kind = first.is_word("BEGIN")    ? StatementKind::kBegin
              : first.is_word("COMMIT") ? StatementKind::kCommit
                                        : StatementKind::kRollback;
    return tr;
  }
  if (first.is_word("WAITFOR")) {
    if (!word_at(1, "DELAY") || stmt.size() != 3 || stmt[2].kind != SqlToken::kString) {
      return not_supported("WAITFOR other than WAITFOR DELAY 'hh:mm:ss'");
    }
    auto ms = parse_delay(stmt[2].text);
    if (!ms) return ms.status();
    tr.kind = StatementKind::kWaitfor;
    tr.delay_ms = *ms;
    return tr;
  }
  if (auto session = parse_session_statement(stmt)) {
    if (!*session) return session->status();
    tr.kind = StatementKind::kSession;
    tr.session = std::move(**session);
    return tr;
  }
  for (const char* w : {"EXEC", "EXECUTE", "IF", "WHILE", "RETURN", "GOTO", "MERGE", "SAVE", "TRY",
                        "THROW", "RAISERROR", "GRANT", "REVOKE", "DENY", "BULK"}) {
    if (first.is_word(w)) return not_supported(to_upper(first.text));
  }
  RewriteNotes notes;
  auto plain = rewrite_my_permissions(stmt);
  if (!plain) return plain.status();
  auto dialect = rewrite_dialect(*plain, ctx);
  if (!dialect) return dialect.status();
  const std::vector<SqlToken> toks = rewrite_plus(rewrite_dateparts(*dialect));
  bool print = first.is_word("PRINT");
  auto body = rewrite_tokens(toks, print ? 1 : 0, toks.size(), ctx, notes);
  if (!body) return body.status();
  tr.kind = print ? StatementKind::kPrint : StatementKind::kQuery;
  if (ctx.name_result_columns) tr.column_types = cast_column_types(*dialect);
  tr.sqlite_sql = print ? "SELECT " + *body : *body;
  tr.uses_catalog = notes.uses_catalog;
  tr.written_names = std::move(notes.written_names);
  return tr;
}

Result<std::vector<Translation>> translate_batch(std::string_view sql,
                                                 const TranslateContext& ctx) {
  auto tokens = lex_tsql(sql);
  if (!tokens) return tokens.status();
  std::vector<Translation> out;
  TranslateContext batch_ctx = ctx;  // DECLAREs add to it, for the statements that follow
  for (const auto& stmt : split_statements(*tokens)) {
    auto tr = translate_statement(stmt, batch_ctx);
    if (!tr) return tr.status();
    if (tr->kind == StatementKind::kDeclare) declare_variables(*tr, batch_ctx);
    out.push_back(std::move(*tr));
  }
  return out;
}

}  // namespace gw::tdsdev
