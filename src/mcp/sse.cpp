#include "mcp/sse.h"
#include "util/text.h"

#include <algorithm>

namespace gw::mcp {

std::string sse_event(std::string_view event, std::string_view data) {
  std::string out;
  out.reserve(data.size() + event.size() + 16);
  out += "event: ";
  out += event;
  out += "\ndata: ";
  for (char c : data) {
    if (c == '\r') continue;
    out += c;
    if (c == '\n') out += "data: ";
  }
  out += "\n\n";
  return out;
}

std::string sse_comment(std::string_view text) {
  std::string out = ": ";
  for (char c : text) {
    if (c != '\r' && c != '\n') out += c;
  }
  out += "\n\n";
  return out;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 §12.4.2: "q=0" means "not acceptable".
bool q_is_zero(std::string_view params) {
  while (!params.empty()) {
    const auto semi = params.find(';');
    const std::string_view param = trim(params.substr(0, semi));
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string_view value = param.substr(2);
      return !value.empty() &&
             std::all_of(value.begin(), value.end(), [](char c) { return c == '0' || c == '.'; });
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return false;
}

}  // namespace

bool accept_lists(std::string_view accept, std::string_view media_type) {
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    const std::string_view item = accept.substr(0, comma);
    const auto semi = item.find(';');
    const std::string_view type = trim(item.substr(0, semi));
    const std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
    if (iequals(type, media_type) && !q_is_zero(params)) return true;
    if (comma == std::string_view::npos) break;
    accept.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace gw::mcp
