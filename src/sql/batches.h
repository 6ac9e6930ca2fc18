#pragma once
// Splits SQL text at GO lines into the batches a client would send one by one (GO is an sqlcmd
// and SSMS convention; the server itself reads GO as a name). For tools that run SQL in a
// scope that may write, where the read-only classifier is not consulted.

#include <cstddef>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace gw::sql {

struct Batch {
  std::size_t offset = 0;  // byte range in the input: first token (comments included) ...
  std::size_t length = 0;  // ... to the end of the last token before the GO line
  int line = 1;            // line of the first token
  long repeat = 1;         // GO 5 runs the batch 5 times; capped at kMaxBatchRepeat
};

inline constexpr long kMaxBatchRepeat = 1'000'000;

// Batches holding at least one token that is not a comment, in order. Lexer errors as lex().
Result<std::vector<Batch>> split_batches(std::string_view sql);

}  // namespace gw::sql
