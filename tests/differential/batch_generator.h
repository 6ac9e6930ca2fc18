#pragma once
// Builds T-SQL batches from pieces: SQL tokens and statements (reads and writes, COMMIT and
// BEGIN TRANSACTION among them), comment, string and identifier shapes, GO lines, and the
// characters the lexer refuses or treats specially (VT, FF, a lone CR, NEL, U+2028/9, zero-width
// and bidi marks, NUL, letters that fold to ASCII). The same generator serves the seeded property
// test and the libFuzzer target (which feeds it the fuzzer's bytes).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gw::differential {

// Each byte of `program` picks the next piece; a byte past the pieces' count is copied as it is
// (so the fuzzer can still reach any text).
std::string build_batch(std::string_view program);

// The number of pieces `build_batch` chooses from.
std::size_t piece_count();

}  // namespace gw::differential
