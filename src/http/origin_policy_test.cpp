#include "http/origin_policy.h"

#include <doctest/doctest.h>

TEST_CASE(
    "origin_allowed: absent, allowlisted, own origin and port wildcards pass; others do not") {
  const std::vector<std::string> allowed = {"https://claude.ai", "https://chatgpt.com",
                                            "http://127.0.0.1:*"};
  const std::string self = "https://mcp.example.com";
  struct Case {
    const char* origin;
    bool ok;
  };
  for (const Case& c :
       {Case{"", true}, Case{"https://claude.ai", true}, Case{"https://CLAUDE.ai", true},
        Case{"https://mcp.example.com", true}, Case{"http://127.0.0.1:6274", true},
        Case{"http://127.0.0.1:", false}, Case{"http://127.0.0.1:80a", false},
        Case{"http://127.0.0.1", false}, Case{"https://claude.ai.evil.com", false},
        Case{"https://evil.claude.ai", false}, Case{"http://claude.ai", false},
        Case{"http://evil.example.com", false}, Case{"null", false}}) {
    CAPTURE(c.origin);
    CHECK(gw::http::origin_allowed(c.origin, allowed, self) == c.ok);
  }
}

TEST_CASE("preflight answers 204 with the MCP headers allowed") {
  httplib::Response res;
  gw::http::answer_preflight(res, "https://claude.ai", false, {"GET", "POST", "DELETE"});
  CHECK(res.status == 204);
  CHECK(res.get_header_value("Access-Control-Allow-Origin") == "https://claude.ai");
  CHECK(res.get_header_value("Access-Control-Allow-Methods") == "GET, POST, DELETE, OPTIONS");
  CHECK(res.get_header_value("Access-Control-Allow-Headers").find("Mcp-Session-Id") !=
        std::string::npos);
  CHECK(res.get_header_value("Access-Control-Expose-Headers") ==
        "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
}
