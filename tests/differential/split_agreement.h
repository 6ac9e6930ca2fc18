#pragma once
// Do the gateway's lexer (src/sql/lexer.h) and the devserver's tokenizer (tsql_lexer.h) split the
// same text into the same tokens? Both follow the lexical table in src/sql/README.md and share its
// character classes, so a difference is drift between the two readers.

#include <optional>
#include <string>
#include <string_view>

namespace gw::differential {

// nullopt when the gateway refuses the text (nothing to compare: it never reaches a server) or
// when, batch by batch (split at GO lines), both readers produce the same tokens: same kind, same
// byte offset and line, same value (strings and quoted identifiers unquoted). Otherwise a
// description of the first difference, both splits included.
std::optional<std::string> split_disagreement(std::string_view text);

}  // namespace gw::differential
