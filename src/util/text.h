#pragma once
// Small text functions shared by the layers.

#include <string>
#include <string_view>
#include <vector>

namespace gw {

// ASCII only, unlike <cctype>'s, which depend on the C locale.
constexpr bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string to_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_icase(std::string_view text, std::string_view prefix);
bool ends_with_icase(std::string_view text, std::string_view suffix);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
// Levenshtein distance; bounded inputs only (names, not documents).
size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word`, or "" when none is close enough to be a plausible typo.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace gw
