#include "mcp/sse.h"

#include <doctest/doctest.h>

namespace gw::mcp {
namespace {

TEST_CASE("sse_event frames data, splitting lines and dropping CR") {
  CHECK(sse_event("message", R"({"a":1})") == "event: message\ndata: {\"a\":1}\n\n");
  CHECK(sse_event("endpoint", "/demo/messages?session_id=x") ==
        "event: endpoint\ndata: /demo/messages?session_id=x\n\n");
  CHECK(sse_event("message", "a\r\nb") == "event: message\ndata: a\ndata: b\n\n");
  CHECK(sse_comment("keepalive") == ": keepalive\n\n");
  CHECK(sse_comment("a\nb") == ": ab\n\n");
}

TEST_CASE("accept_lists needs the media type named, with q above 0") {
  struct Case {
    const char* accept;
    bool sse;
  };
  const Case cases[] = {
      {"application/json, text/event-stream", true},
      {"text/event-stream", true},
      {"TEXT/Event-Stream;q=0.5", true},
      {"application/json,text/event-stream ; q=1", true},
      {"text/event-stream;q=0", false},
      {"text/event-stream; q=0.0", false},
      {"application/json", false},
      {"*/*", false},
      {"text/*", false},
      {"", false},
      {"text/event-streams", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.accept);
    CHECK(accept_lists(c.accept, kEventStream) == c.sse);
  }
}

}  // namespace
}  // namespace gw::mcp
