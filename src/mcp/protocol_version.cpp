#include "mcp/protocol_version.h"

#include <algorithm>

namespace gw::mcp {

const std::vector<std::string>& supported_versions() {
  static const std::vector<std::string> versions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                    "2024-11-05"};
  return versions;
}

bool is_supported_version(std::string_view version) {
  const auto& all = supported_versions();
  return std::find(all.begin(), all.end(), version) != all.end();
}

std::string supported_versions_text() {
  std::string out;
  for (const auto& v : supported_versions()) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

std::string negotiate_version(std::string_view requested) {
  if (is_supported_version(requested)) return std::string(requested);
  return std::string(kLatestVersion);
}

namespace {
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

bool is_well_formed_version(std::string_view v) {
  if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
  const auto year = v.substr(0, 4), month = v.substr(5, 2), day = v.substr(8, 2);
  if (!all_digits(year) || !all_digits(month) || !all_digits(day)) return false;
  const int m = to_int(month), d = to_int(day);
  return to_int(year) >= 2024 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

VersionFeatures features_of(std::string_view version) {
  // ISO dates compare correctly as strings.
  const bool known = is_supported_version(version);
  const std::string_view v = known ? version : kLatestVersion;
  VersionFeatures f{};
  f.batches = v == "2025-03-26";
  f.tool_annotations = v >= std::string_view("2025-03-26");
  f.structured_content = v >= std::string_view("2025-06-18");
  f.titles = f.structured_content;
  f.icons_and_execution = v >= std::string_view("2025-11-25");
  return f;
}

}  // namespace gw::mcp
