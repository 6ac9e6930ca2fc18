#pragma once
// JSON text (RFC 8259) appended to a byte buffer, written the way nlohmann::json::dump(-1, ' ',
// false, error_handler_t::replace) writes the same value, so a result encoded straight from
// db-lib's buffers reads exactly like one built as a tree and serialized.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gw::db {

// A JSON string: quotes, RFC 8259 §7 escapes (\" \\ \b \f \n \r \t, other controls as \u00xx),
// UTF-8 kept as it is; each invalid byte becomes U+FFFD (as sanitize_utf8 does), so the text is
// always valid JSON.
void append_json_string(std::string& out, std::string_view utf8);
// The length of the valid UTF-8 sequence that starts with the non-ASCII byte text[i], or 0 when it
// is not one (RFC 3629 §3: no overlong forms, no UTF-16 surrogates, nothing past U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);
void append_json_integer(std::string& out, std::int64_t value);
// A number as nlohmann writes a double: shortest round-trip digits, "1.0" for a whole number;
// NaN and infinities (not JSON numbers) as null.
void append_json_double(std::string& out, double value);

}  // namespace gw::db
