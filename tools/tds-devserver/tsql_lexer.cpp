#include "tsql_lexer.h"

#include <cctype>

namespace gw::tdsdev {

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

bool word_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == '#' || c == '$' || u >= 0x80;
}

// Reads a quoted run ending at `close`, where a doubled `close` stands for itself.
bool read_quoted(std::string_view s, size_t& i, char close, std::string& out, int& line) {
  ++i;
  while (i < s.size()) {
    if (s[i] == close) {
      if (i + 1 < s.size() && s[i + 1] == close) {
        out += close;
        i += 2;
        continue;
      }
      ++i;
      return true;
    }
    if (s[i] == '\n') ++line;
    out += s[i++];
  }
  return false;
}

}  // namespace

Result<std::vector<SqlToken>> lex_tsql(std::string_view s) {
  std::vector<SqlToken> out;
  int line = 1;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      int depth = 0;
      do {  // T-SQL block comments nest
        if (s.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (s.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          if (s[i] == '\n') ++line;
          ++i;
        }
      } while (depth > 0 && i < s.size());
      if (depth > 0) return invalid_argument("Missing end comment mark '*/'.");
      continue;
    }
    SqlToken t;
    t.line = line;
    bool national = (c == 'N' || c == 'n') && i + 1 < s.size() && s[i + 1] == '\'';
    if (national) ++i, c = '\'';
    if (c == '\'' || c == '[' || c == '"') {
      t.kind = c == '\'' ? SqlToken::kString : SqlToken::kQuoted;
      t.national = national;
      if (!read_quoted(s, i, c == '[' ? ']' : c, t.text, line)) {
        if (c == '[')
          return invalid_argument("Unclosed quotation mark after the character string '" + t.text +
                                  "'.");
        return invalid_argument("Unclosed quotation mark after the character string '" + t.text +
                                "'.");
      }
    } else if (c == '0' && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
      t.kind = SqlToken::kHex;
      i += 2;
      while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i]))) t.text += s[i++];
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      t.kind = SqlToken::kNumber;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'))
        t.text += s[i++];
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        t.text += s[i++];
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) t.text += s[i++];
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) t.text += s[i++];
      }
    } else if (c == '@') {
      t.kind = SqlToken::kVariable;
      t.text += s[i++];
      if (i < s.size() && s[i] == '@') t.text += s[i++];
      while (i < s.size() && word_char(s[i])) t.text += s[i++];
    } else if (word_char(c)) {
      t.kind = SqlToken::kWord;
      while (i < s.size() && word_char(s[i])) t.text += s[i++];
    } else {
      t.kind = SqlToken::kSymbol;
      static constexpr std::string_view kTwo[] = {"<>", "!=", "<=", ">=", "!<", "!>", "::"};
      for (auto two : kTwo) {
        if (s.compare(i, 2, two) == 0) t.text = two;
      }
      if (t.text.empty()) t.text = std::string(1, c);
      i += t.text.size();
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace gw::tdsdev
