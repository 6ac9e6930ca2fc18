#pragma once
// The ONE JSON-RPC method table of the gateway, shared by the Streamable HTTP and the legacy
// HTTP+SSE transports. It answers messages; transports own sessions and HTTP.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "mcp/in_flight.h"
#include "mcp/jsonrpc.h"
#include "mcp/server_info.h"
#include "mcp/session_store.h"
#include "mcp/streamed_answer.h"
#include "mcp/tool.h"

namespace gw::mcp {

// What the transport knows about the HTTP request that carried the message.
struct RequestContext {
  std::string protocol_version;  // in force: the session's, or the sessionless assumption
  SessionPtr session;            // null when sessionless
  std::string client_id;         // OAuth client ("" in unauthenticated development mode)
  std::string user;
  std::string request_id;  // the HTTP request id, for logs
  // Sends a notification related to this request (progress) on its own stream; empty when the
  // transport cannot stream for it. May be called from the thread running a tool.
  std::function<void(const nlohmann::json&)> notify;
  // Whether a client that goes away while this request runs cancels it: only where its answer
  // could then never be delivered (README, Cancellation). The transport sets it (2026-07-28:
  // always); each tools/call then watches the connection (http::ClientWatch) while it runs.
  bool cancel_on_disconnect = false;
  // Cancelled by the transport when it learns otherwise that the client is gone (a failed write
  // on a stream); every tools/call of the request is linked to it. May be null.
  CancellationTokenPtr disconnected;
  // A 2026-07-28 request (modern_request.h): stateless, results carry resultType and the server's
  // identity in _meta, and closing its response stream cancels it.
  bool modern = false;
  nlohmann::json client_capabilities;  // 2026-07-28: this request's _meta capabilities
  std::string log_level;  // 2026-07-28: the _meta log level; "" = no notifications/message
  // What is left of this request's result budget (handle_body); -1: no budget.
  std::int64_t result_budget_bytes = -1;
  // Set by a transport whose answer to this one-request body travels on the request's own stream
  // (Streamable HTTP's SSE answer): a tools/call may then write its answer there while the tool
  // produces it (streamed_answer.h), and handle() returns nothing for it. Used once.
  std::optional<AnswerStream> answer_stream;
};

class Dispatcher {
 public:
  // in_flight must outlive the dispatcher.
  Dispatcher(ServerOptions options, ToolList tools, InFlightRequests& in_flight);

  // The response to one message; nullopt when none is due (notifications, responses, and
  // requests cancelled by notifications/cancelled). initialize answers with the negotiated
  // version in result.protocolVersion; the transport then records it in a session.
  std::optional<nlohmann::json> handle(const Message& message, RequestContext& context);

  // All responses due for a body, in order. REQUIRES: the version allows batches if is_batch. The
  // tools/call requests of a batch share one result budget, options().max_result_bytes: each
  // call's result (as serialized) is taken from it, a call may keep no more than what is left,
  // and once nothing is left a call answers kResultBudgetUsedUp without running.
  std::vector<nlohmann::json> handle_body(const ParsedBody& body, RequestContext& context);

  const ServerOptions& options() const { return options_; }
  // The tool list as served, as one string: equal strings, equal lists.
  std::string tools_digest() const;

 private:
  struct Reply {
    nlohmann::json result;
    std::optional<RpcError> error;
    bool suppressed = false;  // cancelled: send nothing
  };
  using Handler = Reply (Dispatcher::*)(const Message&, RequestContext&);
  static const std::map<std::string, Handler, std::less<>>& request_table();

  Reply on_initialize(const Message& m, RequestContext& c);
  Reply on_ping(const Message& m, RequestContext& c);
  Reply on_tools_list(const Message& m, RequestContext& c);
  Reply on_tools_call(const Message& m, RequestContext& c);
  Reply on_set_level(const Message& m, RequestContext& c);
  Reply on_discover(const Message& m, RequestContext& c);
  // 2026-07-28 result decoration: resultType, _meta serverInfo, caching hints on lists.
  nlohmann::json modern_result(const std::string& method, nlohmann::json result) const;
  // The JSON-RPC response carrying a request's result, decorated for the version.
  nlohmann::json answer(const Message& m, const RequestContext& c, nlohmann::json result) const;
  void on_notification(const Message& m, RequestContext& c);
  std::string in_flight_owner(const RequestContext& c) const;
  static std::string identity_owner(const RequestContext& c);
  Tool* find_tool(const std::string& name) const;

  const ServerOptions options_;
  const ToolList tools_;
  const std::uint64_t tools_fingerprint_;
  InFlightRequests& in_flight_;
};

}  // namespace gw::mcp
