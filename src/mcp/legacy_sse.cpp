#include "mcp/legacy_sse.h"

#include "http/client_watch.h"
#include "mcp/protocol_version.h"
#include "mcp/sse.h"
#include "mcp/streamable_http.h"
#include "util/text.h"

namespace gw::mcp {

using nlohmann::json;

namespace {

std::string_view without_trailing_slashes(std::string_view s) {
  while (!s.empty() && s.back() == '/') s.remove_suffix(1);
  return s;
}

constexpr const char* kNotFound =
    "Session not found: the SSE stream for this session_id is closed; open a new one";

}  // namespace

std::string public_prefix(std::string_view request_path, std::string_view inner_path,
                          std::string_view forwarded_prefix, std::string_view environment_path,
                          std::string_view configured_path) {
  if (!forwarded_prefix.empty()) return std::string(without_trailing_slashes(forwarded_prefix));
  if (!environment_path.empty()) return std::string(without_trailing_slashes(environment_path));
  const std::string_view path = without_trailing_slashes(request_path);
  const std::string_view inner = without_trailing_slashes(inner_path);
  if (!inner.empty() && ends_with_icase(path, inner)) {
    return std::string(path.substr(0, path.size() - inner.size()));
  }
  return std::string(without_trailing_slashes(configured_path));
}

std::string legacy_endpoint(std::string_view prefix, std::string_view session_id) {
  return std::string(prefix) + "/messages?session_id=" + std::string(session_id);
}

void serve_legacy_stream(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                         httplib::Response& response, const HttpCaller& caller) {
  if (!accept_lists(request.get_header_value("Accept"), kEventStream)) {
    send_message(response, 200,
                 json{{"name", "mssql-mcp-gateway"},
                      {"scope", endpoint->options().server.scope_name},
                      {"transport", "sse (2024-11-05)"},
                      {"usage", "GET this URL with Accept: text/event-stream"},
                      {"protocolVersions", supported_versions()}});
    return;
  }
  StreamSlot slot;
  if (!open_stream_slot(*endpoint, caller, nullptr, response, &slot)) return;
  // The version is negotiated by the initialize that arrives over POST.
  auto created = endpoint->sessions().create("", session_owner(caller), /*legacy_sse=*/true);
  if (!created.is_ok()) {
    response.set_header("Retry-After", "30");
    send_rpc_error(response, 503, nullptr, kInternalError,
                   "Server busy: too many open MCP sessions; retry later");
    return;
  }
  SessionPtr session = *created;
  session->open_stream();
  auto channel = std::make_shared<EventChannel>();
  endpoint->add_stream(session->id(), channel);
  channel->push(sse_event("endpoint", legacy_endpoint(caller.public_prefix, session->id())));
  set_stream_headers(response);
  const StreamTiming timing = endpoint->options().timing;
  auto stopping = caller.stopping;
  response.set_chunked_content_provider(
      std::string(kEventStream),
      [channel, timing, stopping, slot](size_t, httplib::DataSink& sink) {
        // A client that leaves ends the stream at once, not at the next keep-alive write.
        const http::ClientWatch watch([channel] { channel->close(); });
        pump_stream(sink, channel.get(), timing.legacy_stream_lifetime, timing, stopping);
        sink.done();
        return true;
      },
      // Runs however the response ends: the session lives exactly as long as its stream. Answers
      // travel only on this stream, so the session's running requests can no longer be answered:
      // they are cancelled (README, Cancellation). A POST whose own connection closes cancels
      // nothing while the stream is open.
      [endpoint, session, channel, owner = session_owner(caller)](bool) {
        channel->close();
        endpoint->remove_stream(session->id());
        session->close_stream();
        endpoint->sessions().end(session->id(), owner);
        endpoint->in_flight().cancel_all(InFlightRequests::session_owner(session->id()));
      });
}

void serve_legacy_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                       httplib::Response& response, const HttpCaller& caller) {
  serve_legacy_post(endpoint, request, response, caller,
                    parse_body(request.body, endpoint->options().parse));
}

void serve_legacy_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                       httplib::Response& response, const HttpCaller& caller, ParseOutcome parsed) {
  std::string id = request.get_param_value("session_id");
  if (id.empty()) id = request.get_param_value("sessionId");  // the TS SDK server's spelling
  if (id.empty()) {
    send_rpc_error(response, 400, nullptr, kInvalidRequest,
                   "Bad Request: the session_id query parameter is required");
    return;
  }
  const SessionPtr session = endpoint->sessions().find(id, session_owner(caller));
  const auto channel = session && session->legacy_sse() ? endpoint->stream(id) : nullptr;
  if (!channel) {
    send_rpc_error(response, 404, nullptr, kInvalidRequest, kNotFound);
    return;
  }
  if (parsed.error) {
    refuse_unparsed(*endpoint, parsed, response);
    return;
  }
  const std::string negotiated = session->protocol_version();
  RequestContext context =
      request_context(negotiated.empty() ? "2024-11-05" : negotiated, session, caller);
  if (parsed.body.is_batch && !features_of(context.protocol_version).batches) {
    send_rpc_error(response, 400, nullptr, kInvalidRequest,
                   batch_refusal(context.protocol_version));
    return;
  }
  context.notify = [channel](const json& notification) {
    channel->push(sse_event("message", to_wire(notification)));
  };
  const std::vector<json> responses = endpoint->dispatcher().handle_body(parsed.body, context);
  const bool initialize = !parsed.body.is_batch &&
                          parsed.body.messages[0].kind == MessageKind::kRequest &&
                          parsed.body.messages[0].method == "initialize";
  if (initialize && !responses.empty() && responses[0].contains("result")) {
    session->set_protocol_version(
        responses[0]["result"].value("protocolVersion", std::string(kLatestVersion)));
  }
  if (!responses.empty()) {
    const json message = parsed.body.is_batch ? json(responses) : responses[0];
    channel->push(sse_event("message", to_wire(message)));
  }
  response.status = 202;
  response.set_content("Accepted", "text/plain");
}

}  // namespace gw::mcp
