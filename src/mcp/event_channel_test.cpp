#include "mcp/event_channel.h"

#include <doctest/doctest.h>

#include <future>

namespace gw::mcp {
namespace {

using std::chrono::milliseconds;

TEST_CASE("frames come out in order, then a timeout, then closed") {
  EventChannel channel;
  CHECK(channel.push("a"));
  CHECK(channel.push("b"));
  std::string frame;
  CHECK(channel.pop(milliseconds(0), &frame) == EventChannel::Wait::kFrame);
  CHECK(frame == "a");
  CHECK(channel.pop(milliseconds(0), &frame) == EventChannel::Wait::kFrame);
  CHECK(frame == "b");
  CHECK(channel.pop(milliseconds(0), &frame) == EventChannel::Wait::kTimeout);
  channel.close();
  CHECK_FALSE(channel.push("c"));
  CHECK(channel.pop(milliseconds(0), &frame) == EventChannel::Wait::kClosed);
}

TEST_CASE("frames pushed before close are still delivered") {
  EventChannel channel;
  CHECK(channel.push("last words"));
  channel.close();
  std::string frame;
  CHECK(channel.pop(milliseconds(0), &frame) == EventChannel::Wait::kFrame);
  CHECK(frame == "last words");
  CHECK(channel.pop(milliseconds(0), &frame) == EventChannel::Wait::kClosed);
}

TEST_CASE("a full channel closes instead of growing") {
  EventChannel channel(2);
  CHECK(channel.push("1"));
  CHECK(channel.push("2"));
  CHECK_FALSE(channel.push("3"));
  CHECK(channel.closed());
}

TEST_CASE("a waiting reader wakes on push and on close") {
  EventChannel channel;
  auto reader = std::async(std::launch::async, [&] {
    std::string frame;
    const auto first = channel.pop(milliseconds(10'000), &frame);
    const auto second = channel.pop(milliseconds(10'000), &frame);
    return std::make_pair(first, second);
  });
  CHECK(channel.push("x"));
  channel.close();
  const auto [first, second] = reader.get();
  CHECK(first == EventChannel::Wait::kFrame);
  CHECK(second == EventChannel::Wait::kClosed);
}

}  // namespace
}  // namespace gw::mcp
