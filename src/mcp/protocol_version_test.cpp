#include "mcp/protocol_version.h"

#include <doctest/doctest.h>

namespace gw::mcp {
namespace {

TEST_CASE("negotiate_version echoes a supported version, else answers the latest") {
  struct Case {
    const char* requested;
    const char* expected;
  };
  const Case cases[] = {
      {"2025-11-25", "2025-11-25"}, {"2025-06-18", "2025-06-18"}, {"2025-03-26", "2025-03-26"},
      {"2024-11-05", "2024-11-05"}, {"2026-07-28", "2025-11-25"}, {"2024-10-07", "2025-11-25"},
      {"", "2025-11-25"},           {"garbage", "2025-11-25"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.requested);
    CHECK(negotiate_version(c.requested) == c.expected);
  }
}

TEST_CASE("is_well_formed_version accepts dates and refuses anything else") {
  struct Case {
    const char* value;
    bool ok;
  };
  const Case cases[] = {
      {"2025-11-25", true},  {"2026-07-28", true},   {"2099-01-01", true}, {"2025-13-01", false},
      {"2025-00-10", false}, {"2025-01-32", false},  {"2025-1-01", false}, {"25-11-2025", false},
      {"", false},           {"2025-11-25 ", false}, {"latest", false},    {"1999-01-01", false},
      {"2025/11/25", false}, {"2025-11-2x", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    CHECK(is_well_formed_version(c.value) == c.ok);
  }
}

TEST_CASE("features_of follows the schema of each revision") {
  struct Case {
    const char* version;
    bool batches, annotations, structured, titles, icons;
  };
  const Case cases[] = {
      {"2024-11-05", false, false, false, false, false},
      {"2025-03-26", true, true, false, false, false},
      {"2025-06-18", false, true, true, true, false},
      {"2025-11-25", false, true, true, true, true},
      {"2026-07-28", false, true, true, true, true},  // unknown: treated as the latest
  };
  for (const auto& c : cases) {
    CAPTURE(c.version);
    const auto f = features_of(c.version);
    CHECK(f.batches == c.batches);
    CHECK(f.tool_annotations == c.annotations);
    CHECK(f.structured_content == c.structured);
    CHECK(f.titles == c.titles);
    CHECK(f.icons_and_execution == c.icons);
  }
}

TEST_CASE("supported versions are listed newest first") {
  CHECK(supported_versions_text() == "2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05");
  CHECK(is_supported_version("2024-11-05"));
  CHECK_FALSE(is_supported_version("2026-07-28"));
}

}  // namespace
}  // namespace gw::mcp
