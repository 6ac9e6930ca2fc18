#include "sql/read_only_classifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "sql/confinement.h"
#include "sql/keywords.h"
#include "sql/lexer.h"
#include "sql/statement_splitter.h"

namespace gw::sql {
namespace {

constexpr std::string_view kPrefix = "read-only scope: ";

struct Violation {
  std::string what;  // "INSERT is not allowed"
  const Token* at;
};

using Tokens = std::vector<Token>;

bool kw_at(const Tokens& t, std::size_t i, std::string_view keyword) {
  return i < t.size() && is_keyword(t[i], keyword);
}

bool prev_kw(const Tokens& t, std::size_t i, std::size_t begin, std::string_view keyword) {
  return i > begin && is_keyword(t[i - 1], keyword);
}

bool is_paren(const Token& token, char c) {
  return token.kind == TokenKind::kPunctuation && token.text[0] == c;
}

// How a refused statement is named: "DROP TABLE", "CREATE OR ALTER VIEW", "BEGIN TRAN",
// "UPDATE STATISTICS", "END CONVERSATION", or just the keyword.
std::string statement_name(const Tokens& t, std::size_t i) {
  std::string name = to_upper_ascii(t[i].text);
  std::size_t words = 1;
  if (name == "UPDATE") {
    words = kw_at(t, i + 1, "STATISTICS") ? 2 : 1;
  } else {
    for (std::string_view two :
         {"CREATE", "ALTER", "DROP", "BULK", "TRUNCATE", "BACKUP", "RESTORE", "WAITFOR", "BEGIN",
          "SAVE", "END", "GET", "MOVE", "SEND", "ENABLE", "DISABLE"}) {
      if (name == two) words = 2;
    }
    if (name == "CREATE" && kw_at(t, i + 1, "OR")) words = 4;  // CREATE OR ALTER VIEW
  }
  for (std::size_t k = 1; k < words && i + k < t.size() && t[i + k].kind == TokenKind::kWord; ++k) {
    name += " " + to_upper_ascii(t[i + k].text);
  }
  return name;
}

bool has_procedure_prefix(std::string_view upper) {
  return upper.substr(0, 3) == "SP_" || upper.substr(0, 3) == "XP_";
}

// Unreserved words that write or escape (policy point 4). nullopt when `word` is harmless.
std::optional<std::string> unreserved_violation(const Tokens& t, std::size_t i,
                                                const std::string& word) {
  if (has_procedure_prefix(word)) return fmt::format("procedure {} is not allowed", t[i].text);
  if (is_lock_hint(word)) return fmt::format("table hint {} is not allowed", word);
  if (word == "NEXT" && kw_at(t, i + 1, "VALUE") && kw_at(t, i + 2, "FOR")) {
    return "NEXT VALUE FOR is not allowed";
  }
  const bool statement = word == "RECEIVE" || word == "THROW" ||
                         ((word == "GET" || word == "MOVE") && kw_at(t, i + 1, "CONVERSATION")) ||
                         (word == "SEND" && kw_at(t, i + 1, "ON")) ||
                         ((word == "ENABLE" || word == "DISABLE") && kw_at(t, i + 1, "TRIGGER"));
  if (statement) return statement_name(t, i) + " is not allowed";
  return std::nullopt;
}

// Query keywords that are also statements, allowed only where a query uses them (point 3).
std::optional<std::string> context_violation(const Tokens& t, std::size_t i, std::size_t begin,
                                             const std::string& word, bool in_pivot) {
  if (word == "FOR") {
    if (prev_kw(t, i, begin, "VALUE")) return "NEXT VALUE FOR is not allowed";
    for (std::string_view ok : {"XML", "JSON", "BROWSE", "SYSTEM_TIME"}) {
      if (kw_at(t, i + 1, ok)) return std::nullopt;
    }
    if (prev_kw(t, i, begin, "OPTIMIZE") || in_pivot) return std::nullopt;
    if (kw_at(t, i + 1, "UPDATE")) return "SELECT ... FOR UPDATE is not allowed";
    return "FOR is not allowed";
  }
  if (word == "FETCH") {
    // OFFSET n ROWS FETCH NEXT m ROWS ONLY; a cursor's FETCH NEXT is followed by FROM.
    const bool offset_fetch = (prev_kw(t, i, begin, "ROWS") || prev_kw(t, i, begin, "ROW")) &&
                              (kw_at(t, i + 1, "NEXT") || kw_at(t, i + 1, "FIRST")) &&
                              i + 2 < t.size() && !is_keyword(t[i + 2], "FROM");
    return offset_fetch ? std::nullopt : std::optional<std::string>("FETCH is not allowed");
  }
  if (word == "USE") {
    // OPTION (USE HINT (...)), OPTION (..., USE PLAN N'...'); elsewhere USE switches database.
    const bool in_option = i > begin && (is_paren(t[i - 1], '(') || is_paren(t[i - 1], ','));
    const bool hint = in_option && (kw_at(t, i + 1, "HINT") || kw_at(t, i + 1, "PLAN"));
    return hint ? std::nullopt : std::optional<std::string>("USE is not allowed");
  }
  if (word == "PLAN") {
    for (std::string_view ok : {"USE", "KEEP", "KEEPFIXED", "ROBUST"}) {
      if (prev_kw(t, i, begin, ok)) return std::nullopt;
    }
    return "PLAN is not allowed";
  }
  if (word == "MERGE") {
    const bool hint = kw_at(t, i + 1, "JOIN") || kw_at(t, i + 1, "UNION");
    return hint ? std::nullopt : std::optional<std::string>("MERGE is not allowed");
  }
  if (word == "END" && kw_at(t, i + 1, "CONVERSATION")) return "END CONVERSATION is not allowed";
  return std::nullopt;
}

std::optional<std::string> word_violation(const Tokens& t, std::size_t i, std::size_t begin,
                                          bool in_pivot) {
  const std::string word = to_upper_ascii(t[i].text);
  if (auto v = unreserved_violation(t, i, word)) return v;
  if (!is_reserved_keyword(word)) return std::nullopt;
  if (word == "INTO") return "SELECT ... INTO is not allowed";
  if (word == "HOLDLOCK") return "table hint HOLDLOCK is not allowed";
  if (!is_query_keyword(word)) return statement_name(t, i) + " is not allowed";
  return context_violation(t, i, begin, word, in_pivot);
}

// (x) or (a, x, b): where a table hint list puts its hints.
bool is_list_element(const Tokens& t, std::size_t i, const StatementSpan& s) {
  if (i == s.begin || i + 1 >= s.end || t[i].text.size() > 16) return false;
  const Token& before = t[i - 1];
  const Token& after = t[i + 1];
  return (is_paren(before, '(') || is_paren(before, ',')) &&
         (is_paren(after, ')') || is_paren(after, ','));
}

// Every token of a statement that starts like a query (policy points 3 and 4).
std::optional<Violation> check_query(const Tokens& t, const StatementSpan& s,
                                     const ReadOnlyPolicy& policy) {
  long depth = 0;
  long pivot_depth = -1;  // depth of the parentheses after PIVOT/UNPIVOT, -1 outside
  for (std::size_t i = s.begin; i < s.end; ++i) {
    const Token& token = t[i];
    const bool name_start =
        (token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier) &&
        !(i > s.begin && is_paren(t[i - 1], '.'));
    if (policy.confine && name_start) {
      if (auto what = confinement_violation(t, i, policy.database, policy.other_databases)) {
        return Violation{std::move(*what), &token};
      }
    }
    if (token.kind == TokenKind::kPunctuation) {
      if (is_paren(token, '(')) {
        ++depth;
        const bool pivot = prev_kw(t, i, s.begin, "PIVOT") || prev_kw(t, i, s.begin, "UNPIVOT");
        if (pivot && pivot_depth < 0) pivot_depth = depth;
      } else if (is_paren(token, ')')) {
        if (depth == pivot_depth) pivot_depth = -1;
        --depth;
      } else if (is_paren(token, '{') || is_paren(token, '}')) {
        return Violation{"ODBC escape sequences are not allowed", &token};
      }
    } else if (token.kind == TokenKind::kQuotedIdentifier && is_list_element(t, i, s)) {
      // WHY: whether the server accepts a [bracketed] hint name is not documented; a lock hint
      // name standing alone in a parenthesized list is refused, a column named [tablock] is not.
      const std::string value = to_upper_ascii(identifier_value(token));
      if (is_lock_hint(value)) {
        return Violation{fmt::format("table hint {} is not allowed", value), &token};
      }
    } else if (token.kind == TokenKind::kWord) {
      if (auto what = word_violation(t, i, s.begin, pivot_depth >= 0)) {
        return Violation{std::move(*what), &token};
      }
    }
  }
  return std::nullopt;
}

// A statement that does not start like a query (policy point 2).
Violation non_query(const Tokens& t, const StatementSpan& s) {
  const Token& first = t[s.begin];
  if (first.kind == TokenKind::kWord) {
    const std::string word = to_upper_ascii(first.text);
    if (is_reserved_keyword(word) || is_statement_keyword(word)) {
      return Violation{statement_name(t, s.begin) + " is not allowed", &first};
    }
  }
  if (first.kind == TokenKind::kWord || first.kind == TokenKind::kQuotedIdentifier) {
    // SQL Server runs a batch's leading name as a procedure call (EXECUTE, "Remarks").
    std::string name(first.text);
    for (std::size_t i = s.begin + 1; i + 1 < s.end && i < s.begin + 7; i += 2) {
      const bool part =
          t[i + 1].kind == TokenKind::kWord || t[i + 1].kind == TokenKind::kQuotedIdentifier;
      if (!is_paren(t[i], '.') || !part) break;
      name += "." + std::string(t[i + 1].text);
    }
    return Violation{fmt::format("procedure call {} is not allowed", name), &first};
  }
  if (is_paren(first, '(')) {
    return Violation{"a statement starting with '(' must be a parenthesized SELECT", &first};
  }
  return Violation{
      fmt::format("a statement starting with a {} is not a query", token_kind_name(first.kind)),
      &first};
}

bool is_local_variable(const Tokens& t, std::size_t i) {
  return i < t.size() && t[i].kind == TokenKind::kVariable && t[i].text.substr(0, 2) != "@@";
}

// DECLARE @a int [= expr], @b nvarchar(10) and SET @a = expr (or +=, -=, ...): scalar variables
// live in the batch and change nothing in the database (policy point 2). nullopt when `s` is not
// such a statement.
std::optional<std::optional<Violation>> check_variable_statement(const Tokens& t,
                                                                 const StatementSpan& s,
                                                                 const ReadOnlyPolicy& policy) {
  const bool declare = is_keyword(t[s.begin], "DECLARE");
  if (!declare && !is_keyword(t[s.begin], "SET")) return std::nullopt;
  if (!is_local_variable(t, s.begin + 1)) return std::nullopt;  // SET options, DECLARE c CURSOR
  if (!declare) {
    static constexpr std::string_view kAssign[] = {
        "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="};
    const bool assigns =
        s.begin + 2 < s.end && t[s.begin + 2].kind == TokenKind::kOperator &&
        std::find(std::begin(kAssign), std::end(kAssign), t[s.begin + 2].text) != std::end(kAssign);
    if (!assigns) return std::optional<Violation>(Violation{"SET is not allowed", &t[s.begin]});
  } else {
    // Each declaration: @name [AS] type. A table variable or a cursor is not a scalar.
    for (std::size_t i = s.begin + 1; i < s.end; ++i) {
      if (!is_local_variable(t, i) || !(i == s.begin + 1 || is_paren(t[i - 1], ','))) continue;
      const std::size_t type = kw_at(t, i + 1, "AS") ? i + 2 : i + 1;
      if (kw_at(t, type, "TABLE")) {
        return std::optional<Violation>(
            Violation{"DECLARE of a table variable is not allowed", &t[type]});
      }
      if (kw_at(t, type, "CURSOR")) {
        return std::optional<Violation>(Violation{"DECLARE CURSOR is not allowed", &t[type]});
      }
    }
  }
  return check_query(t, StatementSpan{s.begin + 1, s.end, s.batch, s.first_in_batch}, policy);
}

// SELECT ..., WITH cte AS (...) ..., or ((SELECT ...) UNION ...): '(' must open a query.
bool starts_like_query(const Tokens& t, const StatementSpan& s) {
  std::size_t i = s.begin;
  while (i < s.end && is_paren(t[i], '(')) ++i;
  if (i == s.end) return false;
  return is_keyword(t[i], "SELECT") || (i == s.begin && is_keyword(t[i], "WITH"));
}

}  // namespace

Result<Classification> classify_read_only(std::string_view sql, const ReadOnlyPolicy& policy) {
  auto lexed = lex(sql);
  if (!lexed.is_ok()) {
    return Status(lexed.status().code(),
                  fmt::format("{}cannot check the SQL: {}", kPrefix, lexed.status().message()));
  }
  Tokens tokens = std::move(*lexed);
  std::erase_if(tokens, [](const Token& token) { return token.kind == TokenKind::kComment; });
  auto spans = split_statements(tokens);
  if (!spans.is_ok()) {
    return invalid_argument(
        fmt::format("{}cannot check the SQL: {}", kPrefix, spans.status().message()));
  }
  if (spans->empty()) return invalid_argument("no SQL statement to run");

  Classification result;
  for (const StatementSpan& span : *spans) {
    const int number = static_cast<int>(result.statements.size()) + 1;
    const Token& first = tokens[span.begin];
    std::optional<Violation> violation;
    if (starts_like_query(tokens, span)) {
      violation = check_query(tokens, span, policy);
    } else if (auto variable = check_variable_statement(tokens, span, policy)) {
      violation = *variable;
    } else {
      violation = non_query(tokens, span);
    }
    if (violation) {
      return permission_denied(fmt::format("{}{} (statement {}, line {})", kPrefix, violation->what,
                                           number, violation->at->line));
    }
    const Token& last = tokens[span.end - 1];
    result.statements.push_back(ClassifiedStatement{to_upper_ascii(first.text), number, span.batch,
                                                    first.line, first.offset,
                                                    last.offset + last.text.size() - first.offset});
  }
  result.batch_count = 0;
  int last_batch = 0;
  for (const ClassifiedStatement& statement : result.statements) {
    if (statement.batch != last_batch) ++result.batch_count;
    last_batch = statement.batch;
  }
  return result;
}

}  // namespace gw::sql
