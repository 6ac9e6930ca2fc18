#pragma once
// The differential soundness check of the read-only promise, shared by the seeded property test and
// the libFuzzer target: for one text, (a) the gateway's and the devserver's readers split it alike
// and (b) if the classifier allows it on a read-only scope, the guarded batches the gateway would
// send write nothing on the devserver's engine.

#include <optional>
#include <string>
#include <string_view>

#include "write_probe.h"

namespace gw::differential {

struct SoundnessCounts {
  long texts = 0;
  long allowed = 0;  // classified read-only and run on the engine
};

// nullopt when both hold; otherwise what went wrong, with the text's reading.
std::optional<std::string> soundness_finding(std::string_view text, WriteProbe& probe,
                                             SoundnessCounts* counts = nullptr);

}  // namespace gw::differential
