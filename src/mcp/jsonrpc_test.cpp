#include "mcp/jsonrpc.h"

#include <doctest/doctest.h>

#include <string>

namespace gw::mcp {
namespace {

using nlohmann::json;

TEST_CASE("classify_message sorts requests, notifications, responses and invalid messages") {
  struct Case {
    const char* text;
    MessageKind kind;
    int code;             // for kInvalid
    const char* message;  // for kInvalid
  };
  const Case cases[] = {
      {R"({"jsonrpc":"2.0","id":1,"method":"ping"})", MessageKind::kRequest, 0, ""},
      {R"({"jsonrpc":"2.0","id":"a","method":"ping","params":{}})", MessageKind::kRequest, 0, ""},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":null})", MessageKind::kRequest, 0, ""},
      {R"({"jsonrpc":"2.0","method":"notifications/initialized"})", MessageKind::kNotification, 0,
       ""},
      {R"({"jsonrpc":"2.0","id":3,"result":{}})", MessageKind::kResponse, 0, ""},
      {R"({"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"x"}})", MessageKind::kResponse, 0,
       ""},
      {R"([1])", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: a message must be a JSON object"},
      {R"({"jsonrpc":"2.0","id":null,"method":"ping"})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: id must be a string or an integer"},
      {R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: id must be a string or an integer"},
      {R"({"jsonrpc":"2.0","id":true,"method":"ping"})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: id must be a string or an integer"},
      {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: jsonrpc must be \"2.0\""},
      {R"({"id":1,"method":"ping"})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: jsonrpc must be \"2.0\""},
      {R"({"jsonrpc":"2.0","id":1})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: missing method"},
      {R"({"jsonrpc":"2.0","id":1,"result":{},"error":{}})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: missing method"},
      {R"({"jsonrpc":"2.0","id":1,"method":7})", MessageKind::kInvalid, kInvalidRequest,
       "Invalid Request: method must be a string"},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})", MessageKind::kInvalid,
       kInvalidParams, "Invalid params: params must be an object"},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})", MessageKind::kInvalid,
       kInvalidRequest, "Invalid Request: params must be an object"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const Message m = classify_message(json::parse(c.text));
    CHECK(m.kind == c.kind);
    if (c.kind == MessageKind::kInvalid) {
      CHECK(m.error.code == c.code);
      CHECK(m.error.message == c.message);
    }
  }
}

TEST_CASE("classify_message keeps the id and the method") {
  const Message m =
      classify_message(json::parse(R"({"jsonrpc":"2.0","id":"x-1","method":"tools/list",
      "params":{"cursor":"c"}})"));
  CHECK(m.id == "x-1");
  CHECK(m.method == "tools/list");
  CHECK(m.params["cursor"] == "c");
  const Message bad = classify_message(json::parse(R"({"jsonrpc":"1.0","id":9,"method":"ping"})"));
  CHECK(bad.id == 9);  // readable ids are echoed in the error
}

TEST_CASE("parse_body refuses unusable bodies as a whole") {
  ParseLimits limits;
  limits.max_bytes = 200;
  limits.max_depth = 8;
  limits.max_batch = 2;
  struct Case {
    std::string text;
    int code;
    const char* message;
    bool too_large;
  };
  const Case cases[] = {
      {"{", kParseError, "Parse error: the body is not valid JSON", false},
      {"", kParseError, "Parse error: the body is not valid JSON", false},
      {"\xff\xfe", kParseError, "Parse error: the body is not valid JSON", false},
      {R"({"a":"\xff"})", kParseError, "Parse error: the body is not valid JSON", false},
      {"[]", kInvalidRequest, "Invalid Request: empty batch", false},
      {std::string(201, ' '), kInvalidRequest, "Invalid Request: body exceeds 200 bytes", true},
      {std::string(9, '[') + std::string(9, ']'), kParseError,
       "Parse error: JSON nested deeper than 8 levels", false},
      {R"([{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","method":"b"},1])", kInvalidRequest,
       "Invalid Request: a batch holds at most 2 messages", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const ParseOutcome out = parse_body(c.text, limits);
    REQUIRE(out.error.has_value());
    CHECK(out.error->code == c.code);
    CHECK(out.error->message == c.message);
    CHECK(out.too_large == c.too_large);
  }
}

TEST_CASE("parse_body survives hostile nesting without recursion") {
  const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  const ParseOutcome out = parse_body(deep, ParseLimits{.max_bytes = 4'000'000});
  REQUIRE(out.error.has_value());
  CHECK(out.error->code == kParseError);
}

TEST_CASE("nesting_depth ignores brackets inside strings") {
  CHECK(nesting_depth(R"({"a":"[[[[{{{"})", 10) == 1);
  CHECK(nesting_depth(R"({"a":"\"[[["})", 10) == 1);
  CHECK(nesting_depth(R"([[{"a":[1]}]])", 10) == 4);
  CHECK(nesting_depth("[[[[[[", 3) == 4);  // stops counting past the limit
}

TEST_CASE("parse_body splits a batch and classifies each element") {
  const ParseOutcome out =
      parse_body(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","method":"n"},5])",
                 ParseLimits{});
  REQUIRE_FALSE(out.error.has_value());
  CHECK(out.body.is_batch);
  REQUIRE(out.body.messages.size() == 3);
  CHECK(out.body.messages[0].kind == MessageKind::kRequest);
  CHECK(out.body.messages[1].kind == MessageKind::kNotification);
  CHECK(out.body.messages[2].kind == MessageKind::kInvalid);
}

TEST_CASE("responses are built as JSON-RPC 2.0 objects") {
  CHECK(make_result(1, json::object()).dump() == R"({"id":1,"jsonrpc":"2.0","result":{}})");
  CHECK(make_error("a", RpcError{kMethodNotFound, "Method not found: x", nullptr}).dump() ==
        R"({"error":{"code":-32601,"message":"Method not found: x"},"id":"a","jsonrpc":"2.0"})");
  CHECK(make_error(nullptr, RpcError{kParseError, "Parse error", json{{"k", 1}}}).dump() ==
        R"({"error":{"code":-32700,"data":{"k":1},"message":"Parse error"},"jsonrpc":"2.0"})");
  CHECK(make_notification("notifications/progress", json{{"progress", 1}}).dump() ==
        R"({"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":1}})");
}

TEST_CASE("to_wire replaces invalid UTF-8 instead of throwing") {
  const json m = {{"text", std::string("a\xff") + "b"}};
  CHECK(to_wire(m) ==
        "{\"text\":\"a\xEF\xBF\xBD"
        "b\"}");
}

}  // namespace
}  // namespace gw::mcp
