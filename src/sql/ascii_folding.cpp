#include "sql/ascii_folding.h"

#include <algorithm>
#include <iterator>

#include "sql/utf8.h"

namespace gw::sql {
namespace {

struct Folding {
  std::uint32_t first;
  std::uint32_t last;
  const char* text;  // for a run (first < last): one letter, counting up along the run
};

constexpr Folding kFoldings[] = {
#include "sql/ascii_folding_table.inc"
};

// The letters of each code point of a run, A..Z: a run's k-th code point maps to text[0] + k.
constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

}  // namespace

std::string_view ascii_folding(std::uint32_t cp) {
  const auto* it = std::upper_bound(std::begin(kFoldings), std::end(kFoldings), cp,
                                    [](std::uint32_t c, const Folding& f) { return c < f.first; });
  if (it == std::begin(kFoldings)) return {};
  const Folding& f = *(it - 1);
  if (cp > f.last) return {};
  if (f.first == f.last) return f.text;
  const std::size_t letter = static_cast<std::size_t>(f.text[0] - 'A') + (cp - f.first);
  return std::string_view(kLetters + letter, 1);
}

std::string fold_to_ascii_upper(std::string_view word) {
  std::string out;
  bool folded = false;
  std::size_t i = 0;
  while (i < word.size()) {
    const auto b = static_cast<unsigned char>(word[i]);
    if (b < 0x80) {
      out += static_cast<char>(b >= 'a' && b <= 'z' ? b - 'a' + 'A' : b);
      ++i;
      continue;
    }
    const Utf8Char ch = decode_utf8(word, i);
    const std::string_view letters = ascii_folding(ch.code_point);
    if (letters.empty()) return {};
    out += letters;
    folded = true;
    i += ch.length;
  }
  return folded ? out : std::string();
}

}  // namespace gw::sql
