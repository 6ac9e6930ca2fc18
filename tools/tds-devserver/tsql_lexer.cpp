#include "tsql_lexer.h"

#include <cctype>
#include <cstdint>

#include "sql/characters.h"

namespace gw::tdsdev {

using sql::is_ascii_letter;
using sql::is_digit;
using sql::is_hex_digit;
using sql::is_identifier_part;
using sql::is_identifier_start;

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool SqlToken::is_word(std::string_view upper) const {
  if (kind != kWord || text.size() != upper.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != upper[i]) return false;
  }
  return true;
}

namespace {

// The code point at s[i] (UTF-8; a malformed byte stands for itself) and its length.
std::uint32_t code_point_at(std::string_view s, size_t i, size_t& length) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  length = 1;
  if (b0 < 0x80) return b0;
  const size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > s.size()) return b0;
  std::uint32_t cp = b0 & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  length = n;
  return cp;
}

// The tokenizer follows the lexical table in src/sql/README.md, the one the gateway's lexer
// follows too; the character classes come from the same header (sql/characters.h).
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view s) : s_(s) {}

  Result<std::vector<SqlToken>> run() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
      } else if (c == ' ' || c == '\t' || (c == '\r' && at(i_ + 1) == '\n')) {
        ++i_;
      } else if (c == '-' && at(i_ + 1) == '-') {
        // "-- (Comment)": to the end of the line; the line feed itself is whitespace.
        while (i_ < s_.size() && s_[i_] != '\n') GW_RETURN_IF_ERROR(check_and_advance());
      } else if (c == '/' && at(i_ + 1) == '*') {
        GW_RETURN_IF_ERROR(block_comment());
      } else {
        GW_RETURN_IF_ERROR(token());
      }
    }
    return std::move(out_);
  }

 private:
  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  // Outside string literals only printable characters, TAB, LF and CR+LF (sql/characters.h).
  Status check_and_advance() {
    size_t length = 1;
    const std::uint32_t cp = code_point_at(s_, i_, length);
    const bool lone_cr = cp == '\r' && at(i_ + 1) != '\n';
    if (lone_cr || sql::is_refused_outside_strings(cp)) {
      return invalid_argument(sql::character_name(cp) +
                              (lone_cr ? " not followed by LINE FEED" : "") +
                              " is not allowed outside string literals (tds-devserver).");
    }
    if (cp == '\n') ++line_;
    i_ += length;
    return Status::ok();
  }

  // "Slash Star (Block Comment)": nested comments are supported.
  Status block_comment() {
    int depth = 0;
    do {
      if (s_.compare(i_, 2, "/*") == 0) {
        ++depth;
        i_ += 2;
      } else if (s_.compare(i_, 2, "*/") == 0) {
        --depth;
        i_ += 2;
      } else {
        GW_RETURN_IF_ERROR(check_and_advance());
      }
    } while (depth > 0 && i_ < s_.size());
    if (depth > 0) return invalid_argument("Missing end comment mark '*/'.");
    return Status::ok();
  }

  Status check_range(size_t begin, size_t end) {
    const size_t saved = i_;
    const int saved_line = line_;
    i_ = begin;
    while (i_ < end) GW_RETURN_IF_ERROR(check_and_advance());
    i_ = saved;
    line_ = saved_line;
    return Status::ok();
  }

  // Reads a quoted run ending at `close`, where a doubled `close` stands for itself.
  bool read_quoted(char close, std::string& out) {
    ++i_;
    while (i_ < s_.size()) {
      if (s_[i_] == close) {
        if (at(i_ + 1) == close) {
          out += close;
          i_ += 2;
          continue;
        }
        ++i_;
        return true;
      }
      if (s_[i_] == '\n') ++line_;
      out += s_[i_++];
    }
    return false;
  }

  // 12  1.5  1.  .5  1e10  1.5E-3 (an exponent only with digits after it); $12.50 is money.
  void number(SqlToken& t) {
    const size_t start = i_;
    if (s_[i_] == '$') ++i_;
    while (is_digit(at(i_))) ++i_;
    if (at(i_) == '.') {
      ++i_;
      while (is_digit(at(i_))) ++i_;
    }
    if (at(i_) == 'e' || at(i_) == 'E') {
      size_t e = i_ + 1;
      if (at(e) == '+' || at(e) == '-') ++e;
      if (is_digit(at(e))) {
        while (is_digit(at(e))) ++e;
        i_ = e;
      }
    }
    t.kind = SqlToken::kNumber;
    t.text = std::string(s_.substr(start, i_ - start));
  }

  Status word_tail(size_t start, SqlToken& t) {
    i_ = start;
    while (i_ < s_.size() && is_identifier_part(s_[i_])) ++i_;
    GW_RETURN_IF_ERROR(check_range(t.offset, i_));
    t.text = std::string(s_.substr(t.offset, i_ - t.offset));
    return Status::ok();
  }

  Status token() {
    SqlToken t;
    t.line = line_;
    t.offset = i_;
    char c = s_[i_];
    const bool national = (c == 'N' || c == 'n') && at(i_ + 1) == '\'';
    if (national) ++i_, c = '\'';
    if (c == '\'' || c == '[' || c == '"') {
      t.kind = c == '\'' ? SqlToken::kString : SqlToken::kQuoted;
      t.national = national;
      const size_t open = i_;
      if (!read_quoted(c == '[' ? ']' : c, t.text)) {
        return invalid_argument("Unclosed quotation mark after the character string '" + t.text +
                                "'.");
      }
      if (c != '\'') GW_RETURN_IF_ERROR(check_range(open, i_));
    } else if (c == '0' && (at(i_ + 1) == 'x' || at(i_ + 1) == 'X')) {
      t.kind = SqlToken::kHex;
      i_ += 2;
      while (is_hex_digit(at(i_))) t.text += s_[i_++];
    } else if (is_digit(c) || (c == '.' && is_digit(at(i_ + 1))) ||
               (c == '$' &&
                (is_digit(at(i_ + 1)) || (at(i_ + 1) == '.' && is_digit(at(i_ + 2)))))) {
      number(t);
    } else if (c == '@') {
      t.kind = SqlToken::kVariable;
      GW_RETURN_IF_ERROR(word_tail(i_ + (at(i_ + 1) == '@' ? 2 : 1), t));
    } else if (is_identifier_start(c) ||
               (c == '$' && (is_ascii_letter(at(i_ + 1)) || at(i_ + 1) == '_'))) {
      t.kind = SqlToken::kWord;
      GW_RETURN_IF_ERROR(word_tail(i_ + 1, t));
    } else {
      GW_RETURN_IF_ERROR(check_range(i_, i_ + 1));
      t.kind = SqlToken::kSymbol;
      for (std::string_view two : sql::kTwoCharOperators) {
        if (s_.compare(i_, 2, two) == 0) t.text = two;
      }
      if (t.text.empty()) t.text = std::string(1, c);
      i_ += t.text.size();
    }
    out_.push_back(std::move(t));
    return Status::ok();
  }

  std::string_view s_;
  size_t i_ = 0;
  int line_ = 1;
  std::vector<SqlToken> out_;
};

}  // namespace

Result<std::vector<SqlToken>> lex_tsql(std::string_view sql) { return Tokenizer(sql).run(); }

}  // namespace gw::tdsdev
