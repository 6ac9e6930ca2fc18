#include "sql/identifier.h"

#include <fmt/format.h>

#include <vector>

#include "sql/utf8.h"
#include "util/text.h"

namespace gw::sql {

std::string quote_identifier(std::string_view part) {
  std::string out = "[";
  for (char c : part) {
    out.push_back(c);
    if (c == ']') out.push_back(']');
  }
  out.push_back(']');
  return out;
}

std::string quote_object_name(const ObjectName& object) {
  return quote_identifier(object.schema) + "." + quote_identifier(object.name);
}

std::string quote_string_literal(std::string_view text) {
  std::string out = "N'";
  for (char c : text) {
    out.push_back(c);
    if (c == '\'') out.push_back('\'');
  }
  out.push_back('\'');
  return out;
}

namespace {

class NameParser {
 public:
  explicit NameParser(std::string_view text) : text_(text) {}

  Result<std::vector<std::string>> parts() {
    std::vector<std::string> parts;
    while (true) {
      auto part = next_part();
      if (!part.is_ok()) return part.status();
      parts.push_back(std::move(*part));
      if (pos_ == text_.size()) return parts;
      if (text_[pos_] != '.') {
        return fail(fmt::format("unexpected character '{}' at position {}", text_[pos_], pos_ + 1));
      }
      ++pos_;
      if (parts.size() == 2) return fail("too many parts: expected name or schema.name");
    }
  }

  Status fail(std::string_view what) const {
    return invalid_argument(fmt::format("invalid object name \"{}\": {}", shown(), what));
  }

 private:
  // Long input is cut in messages (on a character boundary: messages end up in JSON).
  std::string shown() const {
    if (text_.size() <= 80) return std::string(text_);
    std::size_t cut = 80;
    while (cut > 0 && (static_cast<unsigned char>(text_[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text_.substr(0, cut)) + "...";
  }

  Result<std::string> next_part() {
    if (pos_ == text_.size() || text_[pos_] == '.') return fail("empty name part");
    const char c = text_[pos_];
    Result<std::string> part = c == '[' ? delimited(']') : c == '"' ? delimited('"') : regular();
    if (!part.is_ok()) return part;
    if (part->empty()) return fail("empty name part");
    if (count_characters(*part) > kMaxIdentifierCharacters) {
      return fail("a name part is longer than 128 characters");
    }
    return part;
  }

  // [a]]b] or "a""b": the closing delimiter doubled stands for itself.
  Result<std::string> delimited(char close) {
    const std::size_t start = pos_;
    std::string out;
    for (std::size_t i = pos_ + 1; i < text_.size(); ++i) {
      if (text_[i] != close) {
        out.push_back(text_[i]);
        continue;
      }
      if (i + 1 < text_.size() && text_[i + 1] == close) {
        out.push_back(close);
        ++i;
        continue;
      }
      pos_ = i + 1;
      return out;
    }
    return fail(fmt::format("unterminated {} starting at position {}",
                            close == ']' ? "[identifier]" : "\"identifier\"", start + 1));
  }

  // T-SQL regular identifier: a letter or _ first, then letters, digits, _, @, # or $.
  // Non-ASCII letters are accepted as UTF-8; look-alike punctuation and spaces are not.
  Result<std::string> regular() {
    const std::size_t start = pos_;
    const auto is_first = [](char c) {
      return is_ascii_letter(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
    };
    if (!is_first(text_[pos_])) {
      return fail(fmt::format("unexpected character '{}' at position {}", text_[pos_], pos_ + 1));
    }
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (static_cast<unsigned char>(c) >= 0x80) {
        if (is_confusable_outside_text(decode_utf8(text_, pos_).code_point)) {
          return fail(fmt::format("unexpected character at position {}", pos_ + 1));
        }
        pos_ += utf8_length(c);
      } else if (is_first(c) || is_digit(c) || c == '@' || c == '#' || c == '$') {
        ++pos_;
      } else {
        break;
      }
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  static std::size_t utf8_length(char lead) {
    const auto b = static_cast<unsigned char>(lead);
    return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  }

  static std::size_t count_characters(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<ObjectName> parse_object_name(std::string_view text) {
  const std::string_view trimmed = trim(text);
  // Checked before anything echoes the text back: messages must stay valid UTF-8.
  if (find_invalid_utf8(trimmed).has_value()) {
    return invalid_argument("invalid object name: not valid UTF-8 or contains NUL");
  }
  NameParser parser(trimmed);
  if (trimmed.empty()) return parser.fail("empty name");
  auto parts = parser.parts();
  if (!parts.is_ok()) return parts.status();
  if (parts->size() == 1) return ObjectName{std::string(kDefaultSchema), std::move((*parts)[0])};
  return ObjectName{std::move((*parts)[0]), std::move((*parts)[1])};
}

}  // namespace gw::sql
