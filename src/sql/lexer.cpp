#include "sql/lexer.h"

#include <fmt/format.h>

#include <cstdint>

#include "sql/utf8.h"
#include "util/text.h"

namespace gw::sql {
namespace {

bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}
bool is_word_start(char c) {
  return is_ascii_letter(c) || c == '_' || c == '#' || static_cast<unsigned char>(c) >= 0x80;
}
// T-SQL regular identifiers continue with letters, digits, _, @, # and $.
bool is_word_part(char c) { return is_word_start(c) || is_digit(c) || c == '@' || c == '$'; }

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Result<std::vector<Token>> run() {
    while (true) {
      skip_whitespace();
      if (pos_ >= sql_.size()) break;
      GW_RETURN_IF_ERROR(next_token());
    }
    return std::move(tokens_);
  }

 private:
  char at(std::size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }
  int column_of(std::size_t offset) const { return static_cast<int>(offset - line_start_) + 1; }

  Status error_at(std::size_t offset, std::string_view what) const {
    return invalid_argument(
        fmt::format("{} at line {}, column {}", what, line_, column_of(offset)));
  }

  void skip_whitespace() {
    while (pos_ < sql_.size() && is_space(sql_[pos_])) {
      if (sql_[pos_] == '\n') new_line(pos_ + 1);
      ++pos_;
    }
  }

  void new_line(std::size_t next_line_start) {
    ++line_;
    line_start_ = next_line_start;
    line_has_token_ = false;
  }

  // Emits [start, end) and moves past it, counting the newlines inside (strings and comments
  // may span lines); the token keeps the line and column where it starts.
  void emit(TokenKind kind, std::size_t start, std::size_t end) {
    tokens_.push_back(Token{kind, sql_.substr(start, end - start), start, line_, column_of(start)});
    for (std::size_t i = start; i < end; ++i) {
      if (sql_[i] == '\n') new_line(i + 1);
    }
    pos_ = end;
    line_has_token_ = true;
  }

  Status next_token() {
    const char c = sql_[pos_];
    const char n = at(pos_ + 1);
    if (c == '-' && n == '-') return line_comment();
    if (c == '/' && n == '*') return block_comment();
    if (c == '\'') return quoted(TokenKind::kString, pos_, '\'', "unterminated string literal");
    if ((c == 'N' || c == 'n') && n == '\'') {
      return quoted(TokenKind::kString, pos_ + 1, '\'', "unterminated string literal");
    }
    if (c == '[') {
      return quoted(TokenKind::kQuotedIdentifier, pos_, ']', "unterminated [identifier]");
    }
    if (c == '"') {
      return quoted(TokenKind::kQuotedIdentifier, pos_, '"', "unterminated \"identifier\"");
    }
    if (is_digit(c) || (c == '.' && is_digit(n))) return number(pos_);
    if (c == '$') return dollar();
    if (c == '@') return variable();
    if (is_word_start(c)) return word();
    if (c == ';') {
      emit(TokenKind::kSemicolon, pos_, pos_ + 1);
      return Status::ok();
    }
    if (c == '(' || c == ')' || c == ',' || c == '.' || c == '{' || c == '}') {
      emit(TokenKind::kPunctuation, pos_, pos_ + 1);
      return Status::ok();
    }
    return operator_token();
  }

  // WHY end at \r and the Unicode line breaks too: if SQL Server ended the comment earlier than
  // we do, the text after would run unseen. Ending early only shows us more text to judge.
  Status line_comment() {
    std::size_t end = pos_ + 2;
    while (end < sql_.size()) {
      const char c = sql_[end];
      if (c == '\n' || c == '\r' || c == '\v' || c == '\f') break;
      if (is_unicode_line_break(sql_, end)) break;
      ++end;
    }
    emit(TokenKind::kComment, pos_, end);
    return Status::ok();
  }

  // SQL Server nests block comments ("Nested comments are supported", docs for /*...*/).
  // WHY the '--' check: whether '--' inside a block comment hides a later '*/' on its line is
  // not documented; text whose meaning depends on it is refused rather than guessed.
  Status block_comment() {
    const std::size_t start = pos_;
    int depth = 0;
    bool dashes_on_line = false;
    std::size_t i = pos_;
    while (i < sql_.size()) {
      const char c = sql_[i];
      const char n = at(i + 1);
      if (c == '\n') {
        dashes_on_line = false;
        ++i;
      } else if ((c == '/' && n == '*') || (c == '*' && n == '/')) {
        if (dashes_on_line) return ambiguous_comment(start);
        depth += c == '/' ? 1 : -1;
        i += 2;
        if (depth == 0) {
          emit(TokenKind::kComment, start, i);
          return Status::ok();
        }
      } else if (c == '-' && n == '-') {
        dashes_on_line = true;
        i += 2;
      } else {
        ++i;
      }
    }
    return error_at(start, "unterminated /* comment */ starting");
  }

  Status ambiguous_comment(std::size_t start) const {
    return error_at(start,
                    "ambiguous comment ('--' before a comment delimiter on one line) starting");
  }

  // 'text', [name], "name": the closing delimiter doubled stands for itself.
  // `open` is the delimiter's offset; the token starts at pos_ (so N'x' keeps its N).
  Status quoted(TokenKind kind, std::size_t open, char close, std::string_view unterminated) {
    std::size_t i = open + 1;
    while (true) {
      const std::size_t found = sql_.find(close, i);
      if (found == std::string_view::npos) {
        return error_at(pos_, fmt::format("{} starting", unterminated));
      }
      if (at(found + 1) == close) {
        i = found + 2;
        continue;
      }
      emit(kind, pos_, found + 1);
      return Status::ok();
    }
  }

  // 12  1.5  1.  .5  1e10  1.5E-3  0x1F (0x alone is an empty binary).
  Status number(std::size_t start) {
    std::size_t i = pos_;
    if (sql_[i] == '0' && (at(i + 1) == 'x' || at(i + 1) == 'X')) {
      i += 2;
      while (is_hex_digit(at(i))) ++i;
      return emit_number(start, i);
    }
    while (is_digit(at(i))) ++i;
    if (at(i) == '.') {
      ++i;
      while (is_digit(at(i))) ++i;
    }
    if (at(i) == 'e' || at(i) == 'E') {
      std::size_t e = i + 1;
      if (at(e) == '+' || at(e) == '-') ++e;
      if (is_digit(at(e))) {
        while (is_digit(at(e))) ++e;
        i = e;
      }
    }
    return emit_number(start, i);
  }

  // WHY refuse 1e5x, 1eDELETE, 0x1FZZ: whether the server ends the number before the letters
  // or inside them ("1e" may be a complete float) decides where the next keyword starts.
  Status emit_number(std::size_t start, std::size_t end) {
    if (end < sql_.size() && is_word_part(sql_[end])) {
      if (static_cast<unsigned char>(sql_[end]) >= 0x80) {
        const std::uint32_t cp = decode_utf8(sql_, end).code_point;
        if (is_confusable_outside_text(cp)) {
          return error_at(end, fmt::format("unexpected character U+{:04X}", cp));
        }
      }
      return error_at(end, "a number must not be followed directly by a letter");
    }
    emit(TokenKind::kNumber, start, end);
    return Status::ok();
  }

  // $12.50 is money; $action, $identity, $partition are words.
  Status dollar() {
    const char n = at(pos_ + 1);
    if (is_digit(n) || (n == '.' && is_digit(at(pos_ + 2)))) {
      const std::size_t start = pos_;
      ++pos_;
      return number(start);
    }
    if (is_ascii_letter(n) || n == '_') {
      std::size_t end = pos_ + 1;
      GW_RETURN_IF_ERROR(scan_word_tail(end));
      emit(TokenKind::kWord, pos_, end);
      return Status::ok();
    }
    return error_at(pos_, "unexpected character '$'");
  }

  Status variable() {
    std::size_t end = pos_ + 1;
    if (at(end) == '@') ++end;
    if (!is_word_part(at(end))) return error_at(pos_, "expected a variable name after '@'");
    GW_RETURN_IF_ERROR(scan_word_tail(end));
    emit(TokenKind::kVariable, pos_, end);
    return Status::ok();
  }

  Status word() {
    std::size_t end = pos_;
    GW_RETURN_IF_ERROR(scan_word_tail(end));
    const std::string_view text = sql_.substr(pos_, end - pos_);
    if (!line_has_token_ && text.size() == 2 && to_upper_ascii(text) == "GO") {
      const std::size_t sep_end = batch_separator_end(end);
      if (sep_end != std::string_view::npos) {
        emit(TokenKind::kBatchSeparator, pos_, sep_end);
        return Status::ok();
      }
    }
    emit(TokenKind::kWord, pos_, end);
    return Status::ok();
  }

  // After "GO" at the start of a line: [spaces] [count] [spaces] then end of line, end of text
  // or a -- comment. Returns where the separator token ends, or npos if this GO is a word.
  std::size_t batch_separator_end(std::size_t i) const {
    while (at(i) == ' ' || at(i) == '\t') ++i;
    std::size_t end = i;
    while (is_digit(at(end))) ++end;
    std::size_t j = end;
    while (at(j) == ' ' || at(j) == '\t') ++j;
    const bool line_ends = j >= sql_.size() || sql_[j] == '\n' || sql_[j] == '\r' ||
                           (sql_[j] == '-' && at(j + 1) == '-');
    if (!line_ends) return std::string_view::npos;
    while (end > 0 && (sql_[end - 1] == ' ' || sql_[end - 1] == '\t')) --end;
    return end;
  }

  // Advances `end` over word characters. Non-ASCII is allowed in names (T-SQL identifiers may
  // use Unicode letters), except characters that look like syntax or space (see utf8.h).
  Status scan_word_tail(std::size_t& end) const {
    while (end < sql_.size() && is_word_part(sql_[end])) {
      if (static_cast<unsigned char>(sql_[end]) < 0x80) {
        ++end;
        continue;
      }
      const Utf8Char ch = decode_utf8(sql_, end);
      if (is_confusable_outside_text(ch.code_point)) {
        return error_at(end, fmt::format("unexpected character U+{:04X}", ch.code_point));
      }
      end += ch.length;
    }
    return Status::ok();
  }

  Status operator_token() {
    static constexpr std::string_view kTwo[] = {
        "<>", "!=", "<=", ">=", "!<", "!>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "::"};
    for (std::string_view op : kTwo) {
      if (sql_.substr(pos_, 2) == op) {
        emit(TokenKind::kOperator, pos_, pos_ + 2);
        return Status::ok();
      }
    }
    static constexpr std::string_view kOne = "=<>+-*/%&|^~:";
    const char c = sql_[pos_];
    if (kOne.find(c) != std::string_view::npos) {
      emit(TokenKind::kOperator, pos_, pos_ + 1);
      return Status::ok();
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      return error_at(
          pos_, fmt::format("unexpected character U+{:04X}", decode_utf8(sql_, pos_).code_point));
    }
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return error_at(pos_, fmt::format("unexpected control character 0x{:02X}",
                                        static_cast<unsigned>(static_cast<unsigned char>(c))));
    }
    return error_at(pos_, fmt::format("unexpected character '{}'", c));
  }

  std::string_view sql_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  bool line_has_token_ = false;
  std::vector<Token> tokens_;
};

}  // namespace

const char* token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord: return "word";
    case TokenKind::kQuotedIdentifier: return "quoted identifier";
    case TokenKind::kString: return "string";
    case TokenKind::kNumber: return "number";
    case TokenKind::kVariable: return "variable";
    case TokenKind::kOperator: return "operator";
    case TokenKind::kPunctuation: return "punctuation";
    case TokenKind::kSemicolon: return "semicolon";
    case TokenKind::kBatchSeparator: return "batch separator";
    case TokenKind::kComment: return "comment";
  }
  return "unknown";
}

Result<std::vector<Token>> lex(std::string_view sql) {
  if (sql.size() > kMaxSqlBytes) {
    return resource_exhausted(
        fmt::format("SQL text is too large: {} bytes, the limit is {}", sql.size(), kMaxSqlBytes));
  }
  // WHY validate first: the driver converts the text to UTF-16 for the server; bytes that are
  // not UTF-8 would be converted in ways this lexer cannot predict.
  if (const auto bad = find_invalid_utf8(sql); bad.has_value()) {
    return invalid_argument(
        fmt::format("{} at line {}, column {}", bad->reason, bad->line, bad->column));
  }
  return Lexer(sql).run();
}

std::string to_upper_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool is_keyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::kWord || token.text.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    char c = token.text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != keyword[i]) return false;
  }
  return true;
}

namespace {
// Strips one delimiter on each side and halves doubled closing delimiters.
std::string undouble(std::string_view inner, char close) {
  std::string out;
  out.reserve(inner.size());
  for (std::size_t i = 0; i < inner.size(); ++i) {
    out.push_back(inner[i]);
    if (inner[i] == close && i + 1 < inner.size() && inner[i + 1] == close) ++i;
  }
  return out;
}
}  // namespace

std::string identifier_value(const Token& token) {
  if (token.kind != TokenKind::kQuotedIdentifier || token.text.size() < 2) {
    return std::string(token.text);
  }
  const char close = token.text.front() == '[' ? ']' : '"';
  return undouble(token.text.substr(1, token.text.size() - 2), close);
}

std::string string_value(const Token& token) {
  std::string_view text = token.text;
  if (!text.empty() && (text.front() == 'N' || text.front() == 'n')) text.remove_prefix(1);
  if (text.size() < 2) return std::string(text);
  return undouble(text.substr(1, text.size() - 2), '\'');
}

}  // namespace gw::sql
