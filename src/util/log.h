#pragma once
// The server log: one JSON object per line on stderr (time, level, message and fields).
// Thread-safe. Never pass a Secret's contents here; fields are plain strings and numbers.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace gw::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// Parses "debug", "info", "warning", "error"; returns false for anything else.
bool parse_level(std::string_view text, Level* level);
void set_level(Level level);
bool enabled(Level level);

// Writes {"time":…,"level":…,"msg":…, …fields}. fields must be a JSON object (or null).
void write(Level level, std::string_view message, const nlohmann::json& fields = nullptr);

inline void debug(std::string_view m, const nlohmann::json& f = nullptr) {
  write(Level::kDebug, m, f);
}
inline void info(std::string_view m, const nlohmann::json& f = nullptr) {
  write(Level::kInfo, m, f);
}
inline void warning(std::string_view m, const nlohmann::json& f = nullptr) {
  write(Level::kWarning, m, f);
}
inline void error(std::string_view m, const nlohmann::json& f = nullptr) {
  write(Level::kError, m, f);
}

// RFC 3339 UTC time with milliseconds, e.g. "2026-11-24T06:01:36.123Z".
std::string utc_timestamp();

}  // namespace gw::log
