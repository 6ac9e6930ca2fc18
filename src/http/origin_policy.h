#pragma once
// DNS-rebinding protection and CORS (MCP basic/transports: servers MUST validate Origin;
// 2025-11-25: an invalid Origin gets 403). Requests without an Origin come from servers (Claude's
// and OpenAI's brokers) and are allowed; a browser's Origin must be on the allowlist or be the
// gateway's own public origin.

#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

namespace gw::http {

// allowed: "https://claude.ai", "http://127.0.0.1:*" (any port). Comparison ignores case of scheme
// and host.
bool origin_allowed(std::string_view origin, const std::vector<std::string>& allowed,
                    std::string_view public_base_url);

// Headers every cross-origin response carries; origin is the request's Origin ("" when none).
void add_cors_headers(httplib::Response& response, std::string_view origin, bool public_resource);

// The answer to a CORS preflight (OPTIONS): 204 with the methods and headers MCP clients send.
void answer_preflight(httplib::Response& response, std::string_view origin, bool public_resource,
                      const std::vector<std::string>& methods);

}  // namespace gw::http
