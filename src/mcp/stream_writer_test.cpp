#include "mcp/stream_writer.h"

#include <doctest/doctest.h>

#include <string>

#include "mcp/recording_sink.h"

namespace gw::mcp {
namespace {

using testing::RecordingSink;

TEST_CASE("a failed write cancels the request's token and drops later writes") {
  RecordingSink s;
  auto gone = std::make_shared<CancellationToken>();
  StreamWriter writer(s.sink, gone);
  CHECK(writer.write("a"));
  s.client_gone = true;
  CHECK_FALSE(writer.write("b"));
  CHECK(gone->is_cancelled());
  s.client_gone = false;
  CHECK_FALSE(writer.write("c"));  // gone stays gone
  writer.close();
  CHECK(s.written == "a");
  CHECK(s.done_calls == 1);
}

TEST_CASE("close ends the response once, and a late write (a tool's progress) touches nothing") {
  RecordingSink s;
  StreamWriter writer(s.sink, nullptr);
  CHECK(writer.write("frame"));
  writer.close();
  writer.close();
  CHECK_FALSE(writer.write("late"));
  CHECK(s.written == "frame");
  CHECK(s.done_calls == 1);
}

TEST_CASE("without a token (a disconnect must not cancel) a failed write only stops writing") {
  RecordingSink s;
  s.client_gone = true;
  StreamWriter writer(s.sink, nullptr);
  CHECK_FALSE(writer.write("x"));
  writer.close();
  CHECK(s.done_calls == 1);
}

}  // namespace
}  // namespace gw::mcp
