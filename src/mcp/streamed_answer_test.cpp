#include "mcp/streamed_answer.h"

#include <doctest/doctest.h>

#include <string>

#include "mcp/dispatcher.h"
#include "mcp/version_shaping.h"

namespace gw::mcp {
namespace {

using nlohmann::json;

// A result's JSON text as the gateway writes it, with quotes and backslashes to escape, spanning
// several pieces.
std::string big_result_text() {
  std::string text =
      R"x({"resultSets":[{"columns":[{"name":"q\"x","type":"nvarchar(9)"}],"rows":[)x";
  for (int i = 0; i < 9000; ++i) {
    if (i > 0) text += ',';
    text += R"(["a \"quoted\" \\ value )" + std::to_string(i) + R"(", "Zoë 東京"])";
  }
  text += R"(],"rowCount":9000}],"truncated":false})";
  return text;
}

// A tool that hands its result text to the stream in pieces, then returns `ending`.
class PiecesTool final : public Tool {
 public:
  PiecesTool(std::string text, std::optional<ToolOutcome> ending)
      : text_(std::move(text)), ending_(std::move(ending)) {}
  const json& descriptor() const override { return descriptor_; }
  ToolOutcome call(const json&, ToolCallContext& context) override {
    // Half the text in pieces, as rows would arrive; the rest only in the returned outcome.
    if (context.result_stream != nullptr) {
      for (std::size_t i = 0; i < text_.size() / 2; i += kResultStreamPiece) {
        context.result_stream->append(
            std::string_view(text_).substr(i, std::min(kResultStreamPiece, text_.size() / 2 - i)));
      }
    }
    if (ending_) return *ending_;
    ToolOutcome o;
    o.content.push_back({{"type", "text"}, {"text", text_}});
    o.structured_is_text = true;
    return o;
  }

 private:
  std::string text_;
  std::optional<ToolOutcome> ending_;
  json descriptor_ = {{"name", "big"},
                      {"description", "Big"},
                      {"inputSchema", {{"type", "object"}}},
                      {"outputSchema", {{"type", "object"}}}};
};

struct Fixture {
  InFlightRequests in_flight;
  std::string text = big_result_text();

  // The answer's bytes: streamed (on the answer stream, framed) or as handle() returns it.
  std::pair<std::string, std::optional<json>> run(const std::string& version, bool modern,
                                                  bool stream, const json& id,
                                                  std::optional<ToolOutcome> ending = {}) {
    Dispatcher dispatcher{ServerOptions{"demo", "", true, 100},
                          {std::make_shared<PiecesTool>(text, std::move(ending))},
                          in_flight};
    RequestContext context;
    context.protocol_version = version;
    context.modern = modern;
    std::string wire;
    if (stream) {
      context.answer_stream = AnswerStream{[&wire](std::string_view bytes) {
                                             wire += bytes;
                                             return true;
                                           },
                                           "<", ">"};
    }
    const json message = {{"jsonrpc", "2.0"},
                          {"id", id},
                          {"method", "tools/call"},
                          {"params", {{"name", "big"}, {"arguments", json::object()}}}};
    auto response = dispatcher.handle(classify_message(message), context);
    return {wire, response};
  }
};

TEST_CASE("streamed answer: byte for byte the unstreamed answer, in every era") {
  Fixture f;
  // An id that holds the mark and what the cut looks for, which must not move the cut.
  const json hostile = R"(@gw.result.text@ "content":[{"text":"@gw.result.text@)";
  for (const json& id : {json(7), hostile}) {
    for (const auto& era :
         {std::pair{"2025-06-18", false}, {"2025-03-26", false}, {"2026-07-28", true}}) {
      // Not a structured binding: clang 14 cannot capture one (CAPTURE is a lambda).
      const char* const version = era.first;
      const bool modern = era.second;
      CAPTURE(version);
      const auto [unstreamed_wire, whole] = f.run(version, modern, false, id);
      REQUIRE(whole.has_value());
      CHECK(unstreamed_wire.empty());
      const auto [streamed, none] = f.run(version, modern, true, id);
      CHECK_FALSE(none.has_value());  // answered on the stream
      CHECK(streamed == "<" + to_wire(*whole) + ">");
    }
  }
}

TEST_CASE("streamed answer: a failure after the first piece ends as a valid tool error") {
  Fixture f;
  const auto [streamed, none] =
      f.run("2025-06-18", false, true, 3,
            ToolOutcome::error("SQL Server error 208 (severity 16, state 1, line 2): Invalid "
                               "object name 'Nope'."));
  CHECK_FALSE(none.has_value());
  REQUIRE(streamed.size() > 2);
  REQUIRE(streamed.front() == '<');
  REQUIRE(streamed.back() == '>');
  const json answer = json::parse(streamed.substr(1, streamed.size() - 2));
  CHECK(answer["id"] == 3);
  const json& result = answer["result"];
  CHECK(result["isError"] == true);
  CHECK_FALSE(result.contains("structuredContent"));
  REQUIRE(result["content"].size() == 3);
  // The text as far as it was sent, then why it is cut, then the error itself.
  const std::string sent = result["content"][0]["text"];
  CHECK(!sent.empty());
  CHECK(f.text.compare(0, sent.size(), sent) == 0);
  CHECK(sent.size() < f.text.size());
  CHECK(result["content"][1]["text"].get<std::string>().find("incomplete") != std::string::npos);
  CHECK(result["content"][2]["text"] ==
        "SQL Server error 208 (severity 16, state 1, line 2): "
        "Invalid object name 'Nope'.");
}

TEST_CASE("streamed answer: nothing is written before the first piece, nor after a failed write") {
  std::string wire;
  int writes_allowed = 2;
  int progress_stops = 0;
  StreamedAnswer answer(
      AnswerStream{[&](std::string_view bytes) {
                     if (writes_allowed-- <= 0) return false;
                     wire += bytes;
                     return true;
                   },
                   "<", ">"},
      [](ToolOutcome outcome) {
        return to_wire(make_result(1, shape_call_result(std::move(outcome), "2025-06-18")));
      },
      [&] {
        CHECK(wire.empty());  // before the first byte
        ++progress_stops;
      });
  CHECK_FALSE(answer.started());
  // The frame's open and the message's start are the two writes allowed; the text is refused.
  CHECK_FALSE(answer.append("{\"a\":1"));
  CHECK(answer.started());
  CHECK(progress_stops == 1);
  CHECK(wire == "<{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"content\":[{\"text\":\"");
  CHECK_FALSE(answer.append("}"));
  answer.finish(ToolOutcome::error("x"));
  CHECK(wire == "<{\"id\":1,\"jsonrpc\":\"2.0\",\"result\":{\"content\":[{\"text\":\"");
  CHECK(progress_stops == 1);
}

TEST_CASE("append_json_text_escaped writes what dump() writes, in pieces cut anywhere") {
  const std::string text = R"x({"a":"q\"uote \\ back","b":["Zoë 東京",1.5,null]})x";
  const std::string dumped = json(text).dump();
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    std::string out = "\"";
    append_json_text_escaped(out, std::string_view(text).substr(0, cut));
    append_json_text_escaped(out, std::string_view(text).substr(cut));
    out += '"';
    CHECK(out == dumped);
  }
}

}  // namespace
}  // namespace gw::mcp
