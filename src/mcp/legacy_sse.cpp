#include "mcp/legacy_sse.h"

#include "http/client_watch.h"
#include "mcp/protocol_version.h"
#include "mcp/serial_inbox.h"
#include "mcp/sse.h"
#include "mcp/streamable_http.h"
#include "util/log.h"
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

// Runs a POSTed body of a legacy session and puts its answers on the session's stream, whichever
// replica received the POST. Returns why the body is refused as a whole, or "".
std::string answer_on_stream(ScopeEndpoint& endpoint, const SessionPtr& session,
                             EventChannel& channel, const ParsedBody& body,
                             const HttpCaller& caller) {
  const std::string negotiated = session->protocol_version();
  RequestContext context =
      request_context(negotiated.empty() ? "2024-11-05" : negotiated, session, caller);
  if (body.is_batch && !features_of(context.protocol_version).batches) {
    return batch_refusal(context.protocol_version);
  }
  context.notify = [&channel](const json& notification) {
    channel.push(sse_event("message", to_wire(notification)));
  };
  // No answer_stream (streamed_answer.h): answers join the session's channel as whole frames, which
  // the calls of concurrent POSTs also fill; a half-written event there would take in theirs, and
  // the channel has no back-pressure for a result written in pieces. Answers go whole.
  const std::vector<json> responses = endpoint.dispatcher().handle_body(body, context);
  const bool initialize = !body.is_batch && body.messages[0].kind == MessageKind::kRequest &&
                          body.messages[0].method == "initialize";
  if (initialize && !responses.empty() && responses[0].contains("result")) {
    session->set_protocol_version(
        responses[0]["result"].value("protocolVersion", std::string(kLatestVersion)));
  }
  if (!responses.empty()) {
    const json message = body.is_batch ? json(responses) : responses[0];
    channel.push(sse_event("message", to_wire(message)));
  }
  return "";
}

bool only_cancellations(const ParsedBody& body) {
  for (const Message& m : body.messages) {
    if (m.kind != MessageKind::kNotification || m.method != "notifications/cancelled") return false;
  }
  return !body.messages.empty();
}

// On the replica holding the stream: a POST another replica relayed joins the stream's inbox, so
// the session's POSTs run one after another in the order they were sent. Null without a relay.
std::function<void(RelayedPost)> relayed_post_handler(const ScopeEndpointPtr& endpoint,
                                                      const SessionPtr& session,
                                                      const std::shared_ptr<EventChannel>& channel,
                                                      const std::shared_ptr<SerialInbox>& inbox) {
  if (!inbox) return nullptr;
  // Weak: the stream's entry holds this handler, and the inbox must die with the stream.
  return [endpoint, session, channel, weak = std::weak_ptr<SerialInbox>(inbox)](RelayedPost post) {
    HttpCaller caller;
    caller.client_id = std::move(post.client_id);
    caller.user = std::move(post.user);
    caller.request_id = std::move(post.request_id);
    // The relaying replica checked the owner; a stream is answered only for its own client.
    if (session_owner(caller) != session->owner()) return;
    ParseOutcome parsed = parse_body(post.body, endpoint->options().parse);
    if (parsed.error) return;  // the relaying replica refused it already
    auto run = [endpoint, session, channel, caller, body = std::move(parsed.body)] {
      const std::string refusal = answer_on_stream(*endpoint, session, *channel, body, caller);
      if (!refusal.empty()) {
        channel->push(sse_event(
            "message", to_wire(make_error(nullptr, RpcError{kInvalidRequest, refusal, nullptr}))));
      }
    };
    // A cancellation must not wait behind the call it cancels: it runs at once (it answers
    // nothing, so the order of the answers is kept).
    if (only_cancellations(parsed.body)) {
      run();
      return;
    }
    auto inbox = weak.lock();
    if (!inbox || !inbox->post(std::move(run))) {
      log::warning("relayed legacy POST dropped: too many waiting",
                   {{"request_id", caller.request_id}});
    }
  };
}

void refuse_store_unavailable(httplib::Response& response) {
  response.set_header("Retry-After", "5");
  send_rpc_error(response, 503, nullptr, kInternalError,
                 "Service unavailable: the session store cannot be reached; retry later");
}

// A POST for a session whose stream this replica does not hold: with Redis, the replica that
// holds it (for this client) gets the body; else, or when none does, 404.
void relay_post(const ScopeEndpointPtr& endpoint, const std::string& session_id,
                const httplib::Request& request, httplib::Response& response,
                const HttpCaller& caller) {
  ReplicaRelay* relay = endpoint->relay();
  if (relay == nullptr) {
    send_rpc_error(response, 404, nullptr, kInvalidRequest, kNotFound);
    return;
  }
  auto owner = relay->stream_owner(session_id);
  if (!owner && owner.status().code() != StatusCode::kNotFound) {
    refuse_store_unavailable(response);
    return;
  }
  if (!owner || *owner != session_owner(caller)) {
    send_rpc_error(response, 404, nullptr, kInvalidRequest, kNotFound);
    return;
  }
  ParseOutcome parsed = parse_body(request.body, endpoint->options().parse);
  if (parsed.error) {
    refuse_unparsed(*endpoint, parsed, response);
    return;
  }
  Status sent = relay->relay_post(
      {session_id, caller.client_id, caller.user, caller.request_id, request.body});
  if (!sent.is_ok()) {
    refuse_store_unavailable(response);
    return;
  }
  response.status = 202;
  response.set_content("Accepted", "text/plain");
}

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
  // Only with Redis: POSTs that other replicas relay, answered in order (replica_relay.h).
  auto inbox = endpoint->relay() != nullptr ? std::make_shared<SerialInbox>() : nullptr;
  endpoint->add_stream(session->id(), session_owner(caller),
                       {channel, relayed_post_handler(endpoint, session, channel, inbox)});
  channel->push(sse_event("endpoint", legacy_endpoint(caller.public_prefix, session->id())));
  set_stream_headers(response);
  const StreamTiming timing = endpoint->options().timing;
  // A retired scope closes the channel itself (ScopeEndpoint::retire).
  const util::StopFlag stopping = caller.stopping;
  response.set_chunked_content_provider(
      std::string(kEventStream),
      [channel, timing, stopping, slot](size_t, httplib::DataSink& sink) {
        // A client that leaves ends the stream at once, not at the next keep-alive write.
        const http::ClientWatch watch([channel] { channel->close(); });
        pump_stream(sink, channel.get(), timing.legacy_stream_lifetime, timing, {stopping});
        sink.done();
        return true;
      },
      // Runs however the response ends: the session lives exactly as long as its stream. Answers
      // travel only on this stream, so the session's running requests can no longer be answered:
      // they are cancelled (README, Cancellation). A POST whose own connection closes cancels
      // nothing while the stream is open.
      [endpoint, session, channel, inbox, owner = session_owner(caller)](bool) {
        channel->close();
        endpoint->remove_stream(session->id());
        session->close_stream();
        endpoint->sessions().end(session->id(), owner);
        endpoint->in_flight().cancel_all(InFlightRequests::session_owner(session->id()));
        if (inbox) inbox->close();  // after the cancellation: a running call ends soon
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
    relay_post(endpoint, id, request, response, caller);
    return;
  }
  if (parsed.error) {
    refuse_unparsed(*endpoint, parsed, response);
    return;
  }
  const std::string refusal = answer_on_stream(*endpoint, session, *channel, parsed.body, caller);
  if (!refusal.empty()) {
    send_rpc_error(response, 400, nullptr, kInvalidRequest, refusal);
    return;
  }
  response.status = 202;
  response.set_content("Accepted", "text/plain");
}

}  // namespace gw::mcp
