#include "mcp/version_shaping.h"

#include <doctest/doctest.h>

#include "mcp/jsonrpc.h"

namespace gw::mcp {
namespace {

using nlohmann::json;

const json kTool = {
    {"name", "list_tables"},
    {"title", "List tables"},
    {"description", "Lists the tables"},
    {"inputSchema", {{"type", "object"}}},
    {"outputSchema", {{"type", "object"}}},
    {"annotations", {{"readOnlyHint", true}}},
    {"icons", json::array()},
    {"execution", {{"taskSupport", "forbidden"}}},
};

std::string keys_of(const json& object) {
  std::string out;
  for (const auto& [key, value] : object.items()) out += key + " ";
  return out;
}

TEST_CASE("shape_tool keeps only the fields of the negotiated revision") {
  struct Case {
    const char* version;
    const char* keys;
  };
  const Case cases[] = {
      {"2024-11-05", "description inputSchema name "},
      {"2025-03-26", "annotations description inputSchema name "},
      {"2025-06-18", "annotations description inputSchema name outputSchema title "},
      {"2025-11-25",
       "annotations description execution icons inputSchema name outputSchema title "},
  };
  for (const auto& c : cases) {
    CAPTURE(c.version);
    CHECK(keys_of(shape_tool(kTool, c.version)) == c.keys);
  }
}

TEST_CASE("shape_call_result carries structuredContent from 2025-06-18 on") {
  ToolOutcome outcome;
  outcome.content.push_back({{"type", "text"}, {"text", R"({"rows":[]})"}});
  outcome.structured = {{"rows", json::array()}};
  struct Case {
    const char* version;
    const char* keys;
  };
  const Case cases[] = {
      {"2024-11-05", "content isError "},
      {"2025-03-26", "content isError "},
      {"2025-06-18", "content isError structuredContent "},
      {"2025-11-25", "content isError structuredContent "},
  };
  for (const auto& c : cases) {
    CAPTURE(c.version);
    CHECK(keys_of(shape_call_result(outcome, c.version)) == c.keys);
  }
  const json error =
      shape_call_result(ToolOutcome::error("Invalid object name 'x'."), "2025-11-25");
  CHECK(error.dump() ==
        R"({"content":[{"text":"Invalid object name 'x'.","type":"text"}],"isError":true})");
}

// A result encoded as text (ToolOutcome::structured_is_text): the wire carries the text once as
// structuredContent and once escaped as the text block, exactly what a tree would have given.
TEST_CASE("a result held as JSON text goes on the wire as structuredContent and its text mirror") {
  const std::string text =
      R"js({"resultSets":[{"columns":[{"name":"s","type":"nvarchar(9)"}],"rows":[["a \"q\" \\ \u0001 Zoë 東京"],[null]],"rowCount":2}],"truncated":false})js";
  ToolOutcome outcome;
  outcome.content.push_back({{"type", "text"}, {"text", text}});
  outcome.structured_is_text = true;
  CHECK(outcome.structured_json() == json::parse(text));

  ToolOutcome tree;
  tree.content = outcome.content;
  tree.structured = json::parse(text);
  for (const char* version : {"2025-06-18", "2025-11-25", "2025-03-26"}) {
    CAPTURE(version);
    const json message = make_result(7, shape_call_result(outcome, version));
    const json expected = make_result(7, shape_call_result(tree, version));
    const std::string wire = to_wire(message);
    CHECK(json::parse(wire) == expected);
    // Byte for byte apart from key order inside structuredContent, which is the encoder's.
    CHECK(wire.size() == to_wire(expected).size());
    // In a batch, and as a bare result (the dispatcher measures results against the budget).
    CHECK(json::parse(to_wire(json::array({message, message}))) ==
          json::array({expected, expected}));
    CHECK(json::parse(to_wire(message["result"])) == expected["result"]);
  }
  // In pieces (a chunked answer): the same bytes; a large text spans many pieces.
  ToolOutcome large;
  std::string rows;
  for (int i = 0; i < 50000; ++i) rows += R"js(["a \"quoted\" \\ value"],)js";
  large.content.push_back({{"type", "text"}, {"text", R"js({"rows":[)js" + rows + R"js([]]})js"}});
  large.structured_is_text = true;
  const json large_message = make_result(8, shape_call_result(large, "2025-11-25"));
  REQUIRE(rows.size() > kLargeAnswerBytes);
  CHECK(is_large_answer(large_message));
  CHECK(is_large_answer(json::array({large_message})));
  CHECK_FALSE(is_large_answer(make_result(8, shape_call_result(tree, "2025-11-25"))));
  // Held as text but small: sent with a Content-Length, not chunked.
  CHECK_FALSE(is_large_answer(make_result(8, shape_call_result(outcome, "2025-11-25"))));
  std::string pieces;
  int count = 0;
  CHECK(write_wire(large_message, [&](std::string_view piece) {
    pieces.append(piece);
    return ++count > 0;
  }));
  CHECK(count > 4);
  CHECK(pieces == to_wire(large_message));
  CHECK(json::parse(pieces)["result"]["structuredContent"] == large.structured_json());
  // A receiver that refuses (the client went away) stops the writing.
  int offered = 0;
  CHECK_FALSE(write_wire(large_message, [&](std::string_view) { return ++offered < 2; }));
  CHECK(offered == 2);
  const json modern = shape_call_result(outcome, "2025-11-25");
  CHECK(modern["structuredContent"].is_binary());
  // Out of place (no text block to stand for), the placeholder is written as null.
  CHECK(to_wire(json{{"structuredContent", structured_from_text()}}) ==
        R"({"structuredContent":null})");
}

TEST_CASE("shape_implementation drops title before 2025-06-18 and description before 2025-11-25") {
  const json info = {{"name", "n"}, {"version", "1"}, {"title", "t"}, {"description", "d"}};
  CHECK(keys_of(shape_implementation(info, "2024-11-05")) == "name version ");
  CHECK(keys_of(shape_implementation(info, "2025-03-26")) == "name version ");
  CHECK(keys_of(shape_implementation(info, "2025-06-18")) == "name title version ");
  CHECK(keys_of(shape_implementation(info, "2025-11-25")) == "description name title version ");
}

}  // namespace
}  // namespace gw::mcp
