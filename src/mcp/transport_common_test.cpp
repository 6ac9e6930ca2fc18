#include "mcp/transport_common.h"

#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <thread>

#include "mcp/recording_sink.h"
#include "util/stop_flag.h"

namespace gw::mcp {
namespace {

using namespace std::chrono_literals;

// Keep-alives and lifetime an hour away: only a wake from what ends the stream can end it within
// the test's bound, as a stream that polled would not.
StreamTiming far_timing() {
  StreamTiming timing;
  timing.keepalive = 1h;
  return timing;
}

// Runs an idle stream (no channel) until one of three flags is set; returns whether it ended
// within the bound and what it wrote.
bool ends_when_set(int which) {
  testing::RecordingSink s;
  util::StopFlag server = util::StopFlag::create();
  util::StopFlag retired = util::StopFlag::create();
  util::StopFlag session = util::StopFlag::create();
  auto pumped = std::async(std::launch::async, [&] {
    pump_stream(s.sink, nullptr, 1h, far_timing(), {server, retired, util::StopFlag(), session});
  });
  std::this_thread::sleep_for(20ms);  // usually waiting by now; a flag set earlier works too
  util::StopFlag flag = which == 0 ? server : which == 1 ? retired : session;
  flag.set();
  const bool ended = pumped.wait_for(30s) == std::future_status::ready;
  if (!ended) {  // let the thread go either way
    server.set();
    retired.set();
    session.set();
  }
  return ended && s.written.empty();
}

}  // namespace

TEST_CASE("pump_stream: an idle stream ends when a flag it watches is set, without polling") {
  CHECK(ends_when_set(0));  // the server stops
  CHECK(ends_when_set(1));  // the scope is retired
  CHECK(ends_when_set(2));  // the session ended
}

TEST_CASE("pump_stream: a stream whose flag was set before it started ends at once") {
  testing::RecordingSink s;
  util::StopFlag server = util::StopFlag::create();
  server.set();
  EventChannel channel;
  pump_stream(s.sink, &channel, 1h, far_timing(), {server});
  CHECK(s.written.empty());
}

TEST_CASE("pump_stream: frames pass, and a flag nobody sets does not end the stream early") {
  testing::RecordingSink s;
  EventChannel channel;
  REQUIRE(channel.push("data: one\n\n"));
  channel.close();  // drained, then closed
  pump_stream(s.sink, &channel, 1h, far_timing(), {util::StopFlag()});
  CHECK(s.written == "data: one\n\n");
}

}  // namespace gw::mcp
