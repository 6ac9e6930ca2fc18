#pragma once
// Letters that Unicode compatibility normalisation (NFKC) or case mapping turns into ASCII letters:
// LONG S (ſ -> S), DOTLESS I (ı -> I), KELVIN SIGN (K -> K), fullwidth, circled, mathematical and
// modifier letters, ligatures (ﬁ -> FI), Roman numerals (Ⅾ -> D). The lexer refuses a word that
// they turn into a T-SQL keyword: whether the server (or a tool between) folds them is not
// documented, so text whose meaning depends on it is refused.
//
// No dependencies, like characters.h.

#include <cstdint>
#include <string>
#include <string_view>

namespace gw::sql {

// The upper-case ASCII letters `code_point` folds to, or "" when it does not fold to ASCII letters
// (ASCII itself included).
std::string_view ascii_folding(std::uint32_t code_point);

// `word` (valid UTF-8) with every folding character replaced by its letters and ASCII letters
// upper-cased, or "" when the word has no folding character or keeps a non-ASCII one.
std::string fold_to_ascii_upper(std::string_view word);

}  // namespace gw::sql
