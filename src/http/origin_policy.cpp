#include "http/origin_policy.h"

#include "util/text.h"

namespace gw::http {
namespace {

// Request headers MCP and OAuth clients send, so a preflight may allow them.
constexpr const char* kAllowedRequestHeaders =
    "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Mcp-Method, "
    "Mcp-Name, "
    "Last-Event-ID, X-Requested-With";
// Response headers a browser client must be able to read.
constexpr const char* kExposedHeaders = "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate";

bool origin_matches(std::string_view origin, std::string_view pattern) {
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == ":*") {
    const std::string_view base = pattern.substr(0, pattern.size() - 1);  // "http://127.0.0.1:"
    if (!starts_with_icase(origin, base)) return false;
    const std::string_view port = origin.substr(base.size());
    if (port.empty() || port.size() > 5) return false;
    for (char c : port) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
  return iequals(origin, pattern);
}

}  // namespace

bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed,
                    std::string_view public_base_url) {
  if (origin.empty()) return true;
  if (iequals(origin, public_base_url)) return true;
  for (const auto& pattern : allowed) {
    if (origin_matches(origin, pattern)) return true;
  }
  return false;
}

void add_cors_headers(httplib::Response& response, std::string_view origin, bool public_resource) {
  if (public_resource) {
    response.set_header("Access-Control-Allow-Origin", "*");
  } else if (!origin.empty()) {
    response.set_header("Access-Control-Allow-Origin", std::string(origin));
    response.set_header("Vary", "Origin");
  } else {
    return;
  }
  response.set_header("Access-Control-Expose-Headers", kExposedHeaders);
}

void answer_preflight(httplib::Response& response, std::string_view origin, bool public_resource,
                      const std::vector<std::string>& methods) {
  response.status = 204;
  add_cors_headers(response, origin, public_resource);
  std::string allow = join(methods, ", ");
  if (allow.find("OPTIONS") == std::string::npos) allow += allow.empty() ? "OPTIONS" : ", OPTIONS";
  response.set_header("Access-Control-Allow-Methods", allow);
  response.set_header("Access-Control-Allow-Headers", kAllowedRequestHeaders);
  response.set_header("Access-Control-Max-Age", "86400");
}

}  // namespace gw::http
