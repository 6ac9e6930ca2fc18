#pragma once
// A tools/call answer written onto the request's own stream while the tool produces its result
// (ToolCallContext::result_stream): the client's first bytes leave before the query ends, and each
// piece of the result is written as it comes rather than after the whole result is in memory.
//
// The message is byte for byte the one the gateway sends unstreamed (to_wire of the same answer).
// Members are written in sorted order, so the text block's text (the result as a JSON string)
// comes before structuredContent (the same JSON as it is): the text is streamed, escaped, as it
// arrives; structuredContent follows at the end from the text the tool returns, which the gateway
// therefore still holds once. MCP 2025-06-18 server/tools § Structured Content makes that text
// mirror a SHOULD (structuredContent is the MUST, given an outputSchema); it is kept because
// clients that read only `content` would otherwise see no rows.
//
// A call that fails after its first piece left (a SQL error, a cancel, a read-only breach) cannot
// take those bytes back: the message then ends as a tool error (isError: true, no
// structuredContent, which MCP requires only of a result that is not an error) whose first text
// block holds the text as far as it was sent, the next saying so, then the error's own blocks. An
// answer cut by the connection itself (the client left, the shutdown bound) is an SSE event
// without the blank line that ends it, which an SSE parser never dispatches (WHATWG HTML § 9.2.6,
// "Interpreting an event stream": an event is dispatched at a blank line only).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/tool.h"

namespace gw::mcp {

// Where one request's answer is written while it is produced: an SSE answer's single event.
struct AnswerStream {
  std::function<bool(std::string_view)> write;  // false: the client is gone
  std::string open;                             // before the message ("event: message\ndata: ")
  std::string close;                            // after it (the blank line that ends the event)
};

class StreamedAnswer final : public ResultTextStream {
 public:
  // The wire bytes (to_wire) of the JSON-RPC answer that carries `outcome`, as the dispatcher
  // would send it.
  using WireOf = std::function<std::string(ToolOutcome outcome)>;

  // before_first runs once, before the first byte is written (the dispatcher stops progress
  // notifications there: they must not land inside the answer's event).
  StreamedAnswer(AnswerStream out, WireOf wire_of, std::function<void()> before_first);

  // Writes the message's start at the first call, then the text as the inside of a JSON string.
  // False once a write failed: the client is gone.
  bool append(std::string_view text) override;
  bool started() const { return started_; }

  // After the tool returned, when started(): writes the rest of the message for `outcome` (the
  // success whose text continues what was appended; anything else ends as the error above).
  void finish(ToolOutcome outcome);

 private:
  // The wire of an outcome whose first text block holds a mark, cut where the text goes: [0], the
  // text escaped, [1], then (where the version has structuredContent) the text as it is, [2].
  // Empty when the wire does not have that shape.
  std::vector<std::string> cut(ToolOutcome outcome) const;
  bool write(std::string_view bytes);

  AnswerStream out_;
  WireOf wire_of_;
  std::function<void()> before_first_;
  std::vector<std::string> success_;  // cut() of the success: [0] went out first
  std::size_t appended_ = 0;          // bytes of text appended
  bool started_ = false;
  bool disabled_ = false;  // the message had no text block to stream: it goes out whole
  bool failed_ = false;    // a write failed
  bool finished_ = false;
  std::string piece_;  // one escaped piece, reused
};

}  // namespace gw::mcp
