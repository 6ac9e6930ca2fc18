#include "mcp/listen_stream.h"

#include "mcp/modern_request.h"
#include "mcp/server_info.h"
#include "mcp/sse.h"

namespace gw::mcp {

using nlohmann::json;

json honoured_filter(const json& requested) {
  json honoured = json::object();
  const auto tools = requested.find("toolsListChanged");
  if (tools != requested.end() && *tools == true) honoured["toolsListChanged"] = true;
  return honoured;
}

void serve_listen(const ScopeEndpointPtr& endpoint, const Message& request,
                  httplib::Response& response, const HttpCaller& caller) {
  const auto filter = request.params.find("notifications");
  if (filter == request.params.end() || !filter->is_object()) {
    send_rpc_error(response, 400, request.id, kInvalidParams,
                   "Invalid params: notifications must be an object (a SubscriptionFilter)");
    return;
  }
  StreamSlot slot;
  if (!open_stream_slot(*endpoint, caller, request.id, response, &slot)) return;
  const json honoured = honoured_filter(*filter);
  const json id = request.id;
  // SubscriptionsAcknowledgedNotification: the first message, naming what the server honours.
  const std::string ack = sse_event(
      "message", to_wire(make_notification(
                     "notifications/subscriptions/acknowledged",
                     {{"notifications", honoured}, {"_meta", {{kMetaSubscriptionId, id}}}})));
  // SubscriptionsListenResult: sent when the server ends the subscription (lifetime, reload that
  // removes the scope, shutdown); an abrupt close by the client carries none.
  const std::string ended = sse_event(
      "message",
      to_wire(make_result(id, {{"resultType", "complete"},
                               {"_meta",
                                {{kMetaSubscriptionId, id},
                                 {kMetaServerInfo, server_implementation(endpoint->options().server,
                                                                         kModernVersion)}}}})));
  auto channel = std::make_shared<EventChannel>();
  std::uint64_t key = 0;
  if (honoured.contains("toolsListChanged")) {
    key = endpoint->add_tool_listener(ToolListListener{channel, id});
  }
  endpoint->listening_stream_opened();
  set_stream_headers(response);
  const StreamTiming timing = endpoint->options().timing;
  const util::StopFlag stopping = caller.stopping;
  const util::StopFlag retired = endpoint->retired_flag();
  response.set_chunked_content_provider(
      std::string(kEventStream),
      [timing, stopping, retired, channel, ack, ended, slot](size_t, httplib::DataSink& sink) {
        if (sink.write(ack.data(), ack.size())) {
          pump_stream(sink, channel.get(), timing.get_stream_lifetime, timing, {stopping, retired});
          sink.write(ended.data(), ended.size());  // fails quietly when the client left
        }
        sink.done();
        return true;
      },
      [endpoint, key](bool) {
        if (key != 0) endpoint->remove_tool_listener(key);
        endpoint->listening_stream_closed();
      });
}

}  // namespace gw::mcp
