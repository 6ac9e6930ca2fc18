#include "mcp/streamable_http.h"

#include <algorithm>
#include <mutex>

#include "mcp/listen_stream.h"
#include "mcp/modern_request.h"
#include "mcp/protocol_version.h"
#include "mcp/sse.h"
#include "mcp/stream_writer.h"

namespace gw::mcp {

using nlohmann::json;

namespace {

constexpr const char* kSessionHeader = "Mcp-Session-Id";
constexpr const char* kVersionHeader = "MCP-Protocol-Version";

bool served_without_session(const Message& m) {
  if (m.kind != MessageKind::kRequest) return true;
  return m.method == "tools/list" || m.method == "tools/call" || m.method == "ping";
}

// The id to echo in a refusal: a single request's, else none.
json id_of(const ParsedBody& body) {
  return !body.is_batch && body.messages[0].kind == MessageKind::kRequest ? body.messages[0].id
                                                                          : json();
}

void answer(httplib::Response& response, const ParsedBody& body, std::vector<json> responses) {
  if (responses.empty()) {
    response.status = 202;  // notifications and responses only (transports § Sending Messages 4)
    return;
  }
  if (body.is_batch) {
    send_message(response, 200, json(std::move(responses)));
    return;
  }
  const bool invalid = body.messages[0].kind == MessageKind::kInvalid;
  send_message(response, invalid ? 400 : 200, std::move(responses[0]));
}

void stream_answer(const ScopeEndpointPtr& endpoint, httplib::Response& response, ParsedBody body,
                   RequestContext context) {
  set_stream_headers(response);
  response.set_chunked_content_provider(
      std::string(kEventStream), [endpoint, body = std::move(body), context = std::move(context)](
                                     size_t, httplib::DataSink& sink) mutable {
        // A write that fails means the client is gone, like the calls' own watches.
        if (context.cancel_on_disconnect)
          context.disconnected = std::make_shared<CancellationToken>();
        auto writer = std::make_shared<StreamWriter>(sink, context.disconnected);
        context.notify = [writer](const json& notification) {
          writer->write(sse_event("message", to_wire(notification)));
        };
        // An answer written in pieces is one event whose data line is written as it comes: the
        // JSON holds no raw line break (WHATWG HTML § 9.2.6: a data line ends at one).
        const AnswerStream pieces{[writer](std::string_view bytes) { return writer->write(bytes); },
                                  "event: message\ndata: ", "\n\n"};
        // A tools/call may write its answer while its rows arrive (streamed_answer.h).
        context.answer_stream = pieces;
        for (const auto& r : endpoint->dispatcher().handle_body(body, context)) {
          if (!is_large_answer(r)) {
            writer->write(sse_event("message", to_wire(r)));
            continue;
          }
          // Serialized in pieces (write_wire), so a large result is never held twice.
          if (pieces.write(pieces.open)) {
            write_wire(r, pieces.write);
            pieces.write(pieces.close);
          }
        }
        writer->close();
        return true;
      });
}

// The live Streamable HTTP session the request names, if any.
SessionPtr find_session(ScopeEndpoint& endpoint, const httplib::Request& request,
                        const HttpCaller& caller) {
  if (!request.has_header(kSessionHeader)) return nullptr;
  SessionPtr session =
      endpoint.sessions().find(request.get_header_value(kSessionHeader), session_owner(caller));
  return session && !session->legacy_sse() ? session : nullptr;
}

// After a successful initialize: a session at the negotiated version, named in Mcp-Session-Id.
// False after answering 503 when no session can be had.
bool mint_session(ScopeEndpoint& endpoint, const HttpCaller& caller, const ParsedBody& body,
                  const std::vector<json>& responses, httplib::Response& response) {
  if (responses.empty() || !responses[0].contains("result")) return true;
  auto created = endpoint.sessions().create(
      responses[0]["result"].value("protocolVersion", std::string(kLatestVersion)),
      session_owner(caller), /*legacy_sse=*/false);
  if (!created.is_ok()) {
    response.set_header("Retry-After", "30");
    send_rpc_error(response, 503, id_of(body), kInternalError,
                   "Server busy: too many open MCP sessions; retry later");
    return false;
  }
  response.set_header(kSessionHeader, (*created)->id());
  return true;
}

std::optional<std::string> header_if_present(const httplib::Request& request, const char* name) {
  if (!request.has_header(name)) return std::nullopt;
  return request.get_header_value(name);
}

// A 2026-07-28 POST (modern_request.h): validated in full, then served without a session.
void serve_modern(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                  httplib::Response& response, const HttpCaller& caller, ParsedBody body) {
  if (body.is_batch) {
    // 2026-07-28 streamable-http § Sending Messages: the body is one JSON-RPC message.
    send_rpc_error(response, 400, nullptr, kInvalidRequest,
                   "Invalid Request: a 2026-07-28 POST carries exactly one JSON-RPC message");
    return;
  }
  const Message& m = body.messages[0];
  const auto validated =
      validate_modern(m, ModernHeaders{header_if_present(request, kVersionHeader),
                                       header_if_present(request, "Mcp-Method"),
                                       header_if_present(request, "Mcp-Name")});
  if (const auto* refused = std::get_if<ModernRefusal>(&validated)) {
    send_message(response, refused->http_status, make_error(id_of(body), refused->error));
    return;
  }
  if (m.kind == MessageKind::kNotification) {
    response.status = 202;
    return;
  }
  if (!is_modern_method(m.method)) {
    // streamable-http § Sending Messages: an unknown (or removed) method is 404 with -32601.
    send_rpc_error(response, 404, m.id, kMethodNotFound, "Method not found: " + m.method);
    return;
  }
  const auto& modern = std::get<ModernRequest>(validated);
  RequestContext context = request_context(modern.version, nullptr, caller);
  context.modern = true;
  context.client_capabilities = modern.client_capabilities;
  context.log_level = modern.log_level;
  // 2026-07-28 streamable-http: closing the response stream cancels the request.
  context.cancel_on_disconnect = true;
  if (m.method == "subscriptions/listen") {
    serve_listen(endpoint, m, response, caller);
    return;
  }
  if (wants_event_stream(body, request.get_header_value("Accept"))) {
    stream_answer(endpoint, response, std::move(body), std::move(context));
    return;
  }
  std::vector<json> responses = endpoint->dispatcher().handle_body(body, context);
  if (responses.empty()) {
    response.status = 202;
    return;
  }
  send_message(response, 200, std::move(responses[0]));
}

// GET and DELETE do not exist in 2026-07-28 (streamable-http § Session Management: no sessions,
// no GET stream): 405. A request that names a session is an initialize-era one.
bool refused_as_modern(const httplib::Request& request, httplib::Response& response) {
  if (request.has_header(kSessionHeader) || !request.has_header(kVersionHeader)) return false;
  if (header_value(request.get_header_value(kVersionHeader)) != std::string(kModernVersion)) {
    return false;
  }
  response.set_header("Allow", "POST");
  send_rpc_error(response, 405, nullptr, kInvalidRequest,
                 "Method Not Allowed: 2026-07-28 clients POST; use subscriptions/listen for "
                 "notifications");
  return true;
}

}  // namespace

SessionFacts facts_of(const ParsedBody& body, bool session_header_present, const Session* session,
                      const std::string& header_version) {
  SessionFacts f;
  f.is_initialize = !body.is_batch && body.messages[0].kind == MessageKind::kRequest &&
                    body.messages[0].method == "initialize";
  f.stateless_allowed = true;
  for (const Message& m : body.messages) {
    f.stateless_allowed = f.stateless_allowed && served_without_session(m);
  }
  f.session_header_present = session_header_present;
  f.session_live = session != nullptr;
  if (session != nullptr) f.session_version = session->protocol_version();
  f.header_version = header_version;
  return f;
}

bool wants_event_stream(const ParsedBody& body, const std::string& accept) {
  if (body.is_batch || body.messages[0].kind != MessageKind::kRequest) return false;
  if (body.messages[0].method != "tools/call") return false;  // nothing else reports progress
  const json& params = body.messages[0].params;
  if (!params.is_object()) return false;
  const auto meta = params.find("_meta");
  return meta != params.end() && meta->is_object() && meta->contains("progressToken") &&
         accept_lists(accept, kEventStream);
}

void serve_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                httplib::Response& response, const HttpCaller& caller) {
  serve_post(endpoint, request, response, caller,
             parse_body(request.body, endpoint->options().parse));
}

void serve_post(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                httplib::Response& response, const HttpCaller& caller, ParseOutcome parsed) {
  if (parsed.error) {
    refuse_unparsed(*endpoint, parsed, response);
    return;
  }
  ParsedBody& body = parsed.body;
  if (std::any_of(body.messages.begin(), body.messages.end(), is_modern_message)) {
    serve_modern(endpoint, request, response, caller, std::move(body));
    return;
  }
  const bool has_session_header = request.has_header(kSessionHeader);
  const SessionPtr session = find_session(*endpoint, request, caller);
  const SessionDecision decision = decide_session(
      facts_of(body, has_session_header, session.get(), request.get_header_value(kVersionHeader)));
  if (decision.http_status != 0) {
    send_rpc_error(response, decision.http_status, id_of(body), kInvalidRequest, decision.message);
    return;
  }
  const bool initialize = decision.verdict == SessionVerdict::kInitialize;
  RequestContext context =
      request_context(initialize ? std::string(kLatestVersion) : decision.version,
                      decision.verdict == SessionVerdict::kWithSession ? session : nullptr, caller);
  if (body.is_batch && !features_of(context.protocol_version).batches) {
    send_rpc_error(response, 400, nullptr, kInvalidRequest,
                   batch_refusal(context.protocol_version));
    return;
  }
  // Answers travel on this POST's response only (a JSON body, or an SSE stream without event ids,
  // so never resumed): a client that left it can never get its answer, so it cancels.
  context.cancel_on_disconnect = true;
  if (wants_event_stream(body, request.get_header_value("Accept"))) {
    stream_answer(endpoint, response, std::move(body), std::move(context));
    return;
  }
  std::vector<json> responses = endpoint->dispatcher().handle_body(body, context);
  if (initialize && !mint_session(*endpoint, caller, body, responses, response)) return;
  answer(response, body, std::move(responses));
}

void serve_get(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
               httplib::Response& response, const HttpCaller& caller) {
  if (refused_as_modern(request, response)) return;
  if (!accept_lists(request.get_header_value("Accept"), kEventStream)) {
    send_message(response, 200,
                 json{{"name", "mssql-mcp-gateway"},
                      {"scope", endpoint->options().server.scope_name},
                      {"transport", "streamable-http"},
                      {"usage", "POST JSON-RPC messages (MCP) to this URL"},
                      {"protocolVersions", supported_versions()}});
    return;
  }
  SessionPtr session;
  if (request.has_header(kSessionHeader)) {
    session =
        endpoint->sessions().find(request.get_header_value(kSessionHeader), session_owner(caller));
    if (!session || session->legacy_sse()) {
      send_rpc_error(response, 404, nullptr, kInvalidRequest,
                     "Session not found: it expired or was ended; send initialize to start a new "
                     "one");
      return;
    }
  }
  StreamSlot slot;
  if (!open_stream_slot(*endpoint, caller, nullptr, response, &slot)) return;
  // We send no server-initiated messages, so this stream carries only keep-alives; it must not
  // carry responses (transports § Listening for Messages).
  if (session) session->open_stream();
  endpoint->listening_stream_opened();
  set_stream_headers(response);
  const StreamTiming timing = endpoint->options().timing;
  // The stream ends with the server, with its session (DELETE, expiry) or with its scope (reload).
  const util::StopFlag stopping = caller.stopping;
  const util::StopFlag retired = endpoint->retired_flag();
  const util::StopFlag session_ended = session ? session->ended_flag() : util::StopFlag();
  response.set_chunked_content_provider(
      std::string(kEventStream),
      [timing, stopping, retired, session_ended, slot](size_t, httplib::DataSink& sink) {
        const std::string hello = sse_comment("stream open");
        if (sink.write(hello.data(), hello.size())) {
          pump_stream(sink, nullptr, timing.get_stream_lifetime, timing,
                      {stopping, retired, session_ended});
        }
        sink.done();
        return true;
      },
      [session, endpoint](bool) {
        if (session) session->close_stream();
        endpoint->listening_stream_closed();
      });
}

void serve_delete(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
                  httplib::Response& response, const HttpCaller& caller) {
  if (refused_as_modern(request, response)) return;
  if (!request.has_header(kSessionHeader)) {
    send_rpc_error(response, 400, nullptr, kInvalidRequest,
                   "Bad Request: Mcp-Session-Id header is required");
    return;
  }
  const std::string id = request.get_header_value(kSessionHeader);
  const SessionPtr session = endpoint->sessions().find(id, session_owner(caller));
  if (!session || session->legacy_sse() || !endpoint->sessions().end(id, session_owner(caller))) {
    send_rpc_error(response, 404, nullptr, kInvalidRequest,
                   "Session not found: it expired or was ended");
    return;
  }
  response.status = 204;
}

void serve_head(httplib::Response& response) {
  response.status = 200;
  response.set_header("Content-Type", std::string(kEventStream));
  set_stream_headers(response);
}

}  // namespace gw::mcp
