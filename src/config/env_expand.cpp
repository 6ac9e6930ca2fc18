#include "config/env_expand.h"

#include <cctype>
#include <cstdlib>

namespace gw::config {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<std::string> expand_env(std::string_view text, const EnvLookup& env,
                               std::set<std::string>* unset_names) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      out += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (i + 1 >= text.size() || text[i + 1] != '{') {
      out += '$';
      continue;
    }
    const size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      return invalid_argument("unterminated ${ in value (write $$ for a literal $)");
    }
    std::string_view body = text.substr(i + 2, close - i - 2);
    std::optional<std::string_view> fallback;
    if (const size_t sep = body.find(":-"); sep != std::string_view::npos) {
      fallback = body.substr(sep + 2);
      body = body.substr(0, sep);
    }
    if (!valid_name(body)) {
      return invalid_argument("invalid environment variable name \"" + std::string(body) + "\"");
    }
    std::optional<std::string> value = env(std::string(body));
    if (fallback && (!value || value->empty())) value = std::string(*fallback);
    if (!value && unset_names != nullptr) {
      unset_names->insert(std::string(body));
      value = std::string();
    }
    if (!value) {
      return invalid_argument("environment variable " + std::string(body) + " is not set");
    }
    out += *value;
    i = close;
  }
  return out;
}

}  // namespace gw::config
