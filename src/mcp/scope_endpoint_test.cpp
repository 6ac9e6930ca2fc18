#include "mcp/scope_endpoint.h"

#include <doctest/doctest.h>

#include "mcp/transport_test_support.h"

namespace gw::mcp {
namespace {

using std::chrono::milliseconds;

ScopeEndpointPtr endpoint_with(ToolList tools, const ScopeEndpoint* predecessor) {
  EndpointOptions options;
  options.server = ServerOptions{"demo", "", true, 100};
  return std::make_shared<ScopeEndpoint>(options, std::move(tools), SystemClock::instance(),
                                         nullptr, predecessor);
}

TEST_CASE("a reloaded endpoint announces a changed tool list once it is live, not while built") {
  const ScopeEndpointPtr first =
      endpoint_with(ToolList{std::make_shared<testing::EchoTool>()}, nullptr);
  auto channel = std::make_shared<EventChannel>();
  first->add_tool_listener({channel, "sub-1"});
  std::string frame;
  first->announce_tool_list();
  CHECK(channel->pop(milliseconds(0), &frame) == EventChannel::Wait::kTimeout);

  // The successor (no tools) shares the listeners; building it must not notify: requests still
  // reach `first` until the reloader switches, and a client listing tools now would see the old
  // list.
  const ScopeEndpointPtr second = endpoint_with(ToolList{}, first.get());
  CHECK(channel->pop(milliseconds(0), &frame) == EventChannel::Wait::kTimeout);

  second->announce_tool_list();
  REQUIRE(channel->pop(milliseconds(0), &frame) == EventChannel::Wait::kFrame);
  CHECK(frame.find("notifications/tools/list_changed") != std::string::npos);
  CHECK(frame.find("sub-1") != std::string::npos);
  second->announce_tool_list();  // already announced
  CHECK(channel->pop(milliseconds(0), &frame) == EventChannel::Wait::kTimeout);

  // A successor with the same tools as the last announced list has nothing to say.
  const ScopeEndpointPtr third = endpoint_with(ToolList{}, second.get());
  third->announce_tool_list();
  CHECK(channel->pop(milliseconds(0), &frame) == EventChannel::Wait::kTimeout);
}

}  // namespace
}  // namespace gw::mcp
