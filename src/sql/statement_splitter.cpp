#include "sql/statement_splitter.h"

#include <fmt/format.h>

#include "sql/keywords.h"

namespace gw::sql {
namespace {

bool is_punct(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == TokenKind::kPunctuation && t[i].text[0] == c;
}

bool is_kw(const std::vector<Token>& t, std::size_t i, std::string_view keyword) {
  return i < t.size() && is_keyword(t[i], keyword);
}

bool is_name(const std::vector<Token>& t, std::size_t i) {
  return i < t.size() &&
         (t[i].kind == TokenKind::kWord || t[i].kind == TokenKind::kQuotedIdentifier);
}

// WITH starts a statement only as a CTE (WITH name AS (, WITH name (cols) AS () or
// WITH XMLNAMESPACES; elsewhere it opens table hints, TIES, ROLLUP, CUBE or an OPENJSON schema.
bool starts_cte(const std::vector<Token>& t, std::size_t i) {
  if (is_kw(t, i + 1, "XMLNAMESPACES")) return true;
  if (!is_name(t, i + 1)) return false;
  for (std::string_view not_cte : {"TIES", "ROLLUP", "CUBE", "CHECK"}) {
    if (is_kw(t, i + 1, not_cte)) return false;
  }
  return is_kw(t, i + 2, "AS") || is_punct(t, i + 2, '(');
}

// Whether the word at `i` (depth 0, not the statement's first token) begins a new statement.
// `main_query_pending`: the statement is a CTE whose main statement has not come yet.
bool starts_statement(const std::vector<Token>& t, std::size_t i, bool main_query_pending) {
  if (t[i].kind != TokenKind::kWord) return false;
  if (is_punct(t, i - 1, '.') || is_punct(t, i + 1, '.')) return false;  // a name part
  const std::string word = to_upper_ascii(t[i].text);
  if (!is_statement_keyword(word)) return false;
  const Token& prev = t[i - 1];
  if (word == "SELECT") {
    if (main_query_pending || is_punct(t, i - 1, '(')) return false;
    for (std::string_view set_op : {"UNION", "EXCEPT", "INTERSECT", "ALL"}) {
      if (is_keyword(prev, set_op)) return false;
    }
    return true;
  }
  if (word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "MERGE") {
    if (main_query_pending) return false;
    if (word == "UPDATE" && is_keyword(prev, "FOR")) return false;  // FOR UPDATE
    if (word == "MERGE" && (is_kw(t, i + 1, "JOIN") || is_kw(t, i + 1, "UNION"))) return false;
    return true;
  }
  if (word == "WITH") return starts_cte(t, i);
  if (word == "FETCH") return !is_keyword(prev, "ROW") && !is_keyword(prev, "ROWS");
  if (word == "END" || word == "GET" || word == "MOVE") return is_kw(t, i + 1, "CONVERSATION");
  if (word == "SEND") return is_kw(t, i + 1, "ON");
  if (word == "ENABLE" || word == "DISABLE") return is_kw(t, i + 1, "TRIGGER");
  return true;
}

bool is_main_statement(const Token& token) {
  for (std::string_view kw : {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"}) {
    if (is_keyword(token, kw)) return true;
  }
  return false;
}

class Splitter {
 public:
  explicit Splitter(const std::vector<Token>& tokens) : t_(tokens) {}

  Result<std::vector<StatementSpan>> run() {
    for (std::size_t i = 0; i < t_.size(); ++i) {
      const Token& token = t_[i];
      if (token.kind == TokenKind::kSemicolon || token.kind == TokenKind::kBatchSeparator) {
        GW_RETURN_IF_ERROR(close(i));
        begin_ = i + 1;
        if (token.kind == TokenKind::kBatchSeparator) {
          ++batch_;
          next_first_in_batch_ = true;
        }
        continue;
      }
      GW_RETURN_IF_ERROR(track_depth(i));
      if (i == begin_) {
        main_query_pending_ = is_keyword(token, "WITH");
      } else if (depth_ == 0 && starts_statement(t_, i, main_query_pending_)) {
        GW_RETURN_IF_ERROR(close(i));
        begin_ = i;
        main_query_pending_ = is_keyword(token, "WITH");
      } else if (depth_ == 0 && main_query_pending_ && is_main_statement(token)) {
        main_query_pending_ = false;
      }
    }
    GW_RETURN_IF_ERROR(close(t_.size()));
    return std::move(spans_);
  }

 private:
  Status track_depth(std::size_t i) {
    if (is_punct(t_, i, '(')) {
      if (depth_++ == 0) open_paren_ = i;
    } else if (is_punct(t_, i, ')')) {
      if (depth_ == 0) return error_at(t_[i], "')' without a matching '('");
      --depth_;
    }
    return Status::ok();
  }

  Status close(std::size_t end) {
    if (depth_ > 0) return error_at(t_[open_paren_], "'(' that is never closed");
    if (end > begin_) {
      spans_.push_back(StatementSpan{begin_, end, batch_, next_first_in_batch_});
      next_first_in_batch_ = false;
    }
    return Status::ok();
  }

  static Status error_at(const Token& token, std::string_view what) {
    return invalid_argument(
        fmt::format("{} at line {}, column {}", what, token.line, token.column));
  }

  const std::vector<Token>& t_;
  std::vector<StatementSpan> spans_;
  std::size_t begin_ = 0;
  std::size_t open_paren_ = 0;
  long depth_ = 0;
  int batch_ = 1;
  bool next_first_in_batch_ = true;
  bool main_query_pending_ = false;
};

}  // namespace

Result<std::vector<StatementSpan>> split_statements(const std::vector<Token>& tokens) {
  return Splitter(tokens).run();
}

}  // namespace gw::sql
