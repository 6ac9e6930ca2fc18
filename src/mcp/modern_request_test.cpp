#include "mcp/modern_request.h"

#include <doctest/doctest.h>

namespace gw::mcp {
namespace {

using nlohmann::json;

Message message_of(const char* text) { return classify_message(json::parse(text)); }

constexpr const char* kMeta = R"("_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
                              R"("io.modelcontextprotocol/clientCapabilities":{}})";

TEST_CASE("is_modern_message: 2026-only methods and io.modelcontextprotocol _meta keys") {
  struct Case {
    const char* body;
    bool modern;
  };
  const Case cases[] = {
      {R"({"jsonrpc":"2.0","id":1,"method":"server/discover"})", true},
      {R"({"jsonrpc":"2.0","id":1,"method":"subscriptions/listen"})", true},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})", false},
      {R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"progressToken":1}}})",
       false},
      {R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"_meta":{)"
       R"("io.modelcontextprotocol/clientInfo":{}}}})",
       true},
      {R"({"jsonrpc":"2.0","method":"notifications/initialized","params":{"_meta":{)"
       R"("io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})",
       true},
      {R"({"jsonrpc":"2.0","id":1,"result":{}})", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    CHECK(is_modern_message(message_of(c.body)) == c.modern);
  }
}

TEST_CASE("header_value trims OWS and decodes the base64 form") {
  CHECK(header_value("tools/call") == "tools/call");
  CHECK(header_value("  execute_sql\t") == "execute_sql");
  CHECK(header_value("=?base64?ZXhlY3V0ZV9zcWw=?=") == "execute_sql");
  CHECK(header_value(" =?base64?w6nDqA==?= ") == "\xC3\xA9\xC3\xA8");
  CHECK_FALSE(header_value("=?base64?!!!?=").has_value());
  CHECK_FALSE(header_value("=?base64?abc?=").has_value());
}

TEST_CASE("validate_modern: the spec's errors, in its order") {
  const ModernHeaders good{"2026-07-28", "tools/call", "execute_sql"};
  const std::string call = std::string(R"({"jsonrpc":"2.0","id":7,"method":"tools/call",)") +
                           R"("params":{"name":"execute_sql",)" + kMeta + "}}";
  struct Case {
    const char* name;
    std::string body;
    ModernHeaders headers;
    int status;  // 0: valid
    int code;
    const char* message;
  };
  const Case cases[] = {
      {"valid", call, good, 0, 0, ""},
      {"whitespace and base64 tolerated", call,
       ModernHeaders{" 2026-07-28 ", "tools/call ", "=?base64?ZXhlY3V0ZV9zcWw=?="}, 0, 0, ""},
      {"no _meta", R"({"jsonrpc":"2.0","id":7,"method":"server/discover","params":{}})",
       ModernHeaders{"2026-07-28", "server/discover", std::nullopt}, 400, kInvalidParams,
       R"(Invalid params: _meta["io.modelcontextprotocol/protocolVersion"] is required (a string))"},
      {"no capabilities",
       R"({"jsonrpc":"2.0","id":7,"method":"server/discover","params":{"_meta":{)"
       R"("io.modelcontextprotocol/protocolVersion":"2026-07-28"}}})",
       ModernHeaders{"2026-07-28", "server/discover", std::nullopt}, 400, kInvalidParams,
       R"(Invalid params: _meta["io.modelcontextprotocol/clientCapabilities"] is required (an )"
       R"(object))"},
      {"header missing", call, ModernHeaders{std::nullopt, "tools/call", "execute_sql"}, 400,
       kHeaderMismatch,
       R"(Header mismatch: MCP-Protocol-Version must equal )"
       R"(_meta["io.modelcontextprotocol/protocolVersion"] (2026-07-28))"},
      {"header differs", call, ModernHeaders{"2025-11-25", "tools/call", "execute_sql"}, 400,
       kHeaderMismatch,
       R"(Header mismatch: MCP-Protocol-Version must equal )"
       R"(_meta["io.modelcontextprotocol/protocolVersion"] (2026-07-28))"},
      {"Mcp-Method missing", call, ModernHeaders{"2026-07-28", std::nullopt, "execute_sql"}, 400,
       kHeaderMismatch, "Header mismatch: Mcp-Method must equal the request's method (tools/call)"},
      {"Mcp-Method differs in case", call, ModernHeaders{"2026-07-28", "Tools/Call", "execute_sql"},
       400, kHeaderMismatch,
       "Header mismatch: Mcp-Method must equal the request's method (tools/call)"},
      {"Mcp-Name missing", call, ModernHeaders{"2026-07-28", "tools/call", std::nullopt}, 400,
       kHeaderMismatch, "Header mismatch: Mcp-Name must equal the name the request's body names"},
      {"Mcp-Name differs", call, ModernHeaders{"2026-07-28", "tools/call", "list_tables"}, 400,
       kHeaderMismatch, "Header mismatch: Mcp-Name must equal the name the request's body names"},
      {"unsupported version",
       R"({"jsonrpc":"2.0","id":7,"method":"server/discover","params":{"_meta":{)"
       R"("io.modelcontextprotocol/protocolVersion":"v999.0.0",)"
       R"("io.modelcontextprotocol/clientCapabilities":{}}}})",
       ModernHeaders{"v999.0.0", "server/discover", std::nullopt}, 400, kUnsupportedProtocolVersion,
       "Unsupported protocol version: v999.0.0 (2025-11-25 and older are served after "
       "initialize)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto result = validate_modern(message_of(c.body.c_str()), c.headers);
    if (c.status == 0) {
      REQUIRE(std::holds_alternative<ModernRequest>(result));
      CHECK(std::get<ModernRequest>(result).version == "2026-07-28");
      CHECK(std::get<ModernRequest>(result).log_level.empty());
      continue;
    }
    REQUIRE(std::holds_alternative<ModernRefusal>(result));
    const auto& refusal = std::get<ModernRefusal>(result);
    CHECK(refusal.http_status == c.status);
    CHECK(refusal.error.code == c.code);
    CHECK(refusal.error.message == c.message);
    if (c.code == kUnsupportedProtocolVersion) {
      CHECK(refusal.error.data ==
            json::parse(R"({"requested":"v999.0.0","supported":["2026-07-28","2025-11-25",)"
                        R"("2025-06-18","2025-03-26","2024-11-05"]})"));
    }
  }
}

TEST_CASE("validate_modern reads the log level the request asks for") {
  const auto result = validate_modern(
      message_of(R"({"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{)"
                 R"("io.modelcontextprotocol/protocolVersion":"2026-07-28",)"
                 R"("io.modelcontextprotocol/clientCapabilities":{},)"
                 R"("io.modelcontextprotocol/logLevel":"warning"}}})"),
      ModernHeaders{"2026-07-28", "tools/list", std::nullopt});
  REQUIRE(std::holds_alternative<ModernRequest>(result));
  CHECK(std::get<ModernRequest>(result).log_level == "warning");
}

TEST_CASE("is_modern_method: what 2026-07-28 keeps") {
  for (const char* m : {"server/discover", "tools/list", "tools/call", "subscriptions/listen"}) {
    CHECK(is_modern_method(m));
  }
  for (const char* m : {"initialize", "ping", "logging/setLevel", "resources/subscribe",
                        "resources/list", "unknown/method"}) {
    CHECK_FALSE(is_modern_method(m));
  }
}

}  // namespace
}  // namespace gw::mcp
