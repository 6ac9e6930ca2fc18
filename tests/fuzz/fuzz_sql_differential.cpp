// Fuzz target: differential soundness of the read-only promise. For each input text (the bytes as
// they are, or, when the first byte is odd, a batch built from SQL pieces the rest of the bytes
// pick) the gateway's lexer and the devserver's tokenizer must split it alike, and a text the
// read-only classifier allows must write nothing when its guarded batches run on the devserver's
// engine (in-process, demo database). Any difference or write is a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "batch_generator.h"
#include "soundness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static gw::differential::WriteProbe* probe = new gw::differential::WriteProbe();
  if (size == 0 || size > 2048) return 0;  // small batches keep each run fast
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string text = data[0] % 2 ? gw::differential::build_batch(rest) : std::string(rest);
  if (const auto finding = gw::differential::soundness_finding(text, *probe)) {
    std::fprintf(stderr, "finding: %s\n", finding->c_str());
    __builtin_trap();
  }
  return 0;
}
