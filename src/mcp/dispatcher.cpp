#include "mcp/dispatcher.h"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "http/client_watch.h"
#include "mcp/modern_request.h"
#include "mcp/pagination.h"
#include "mcp/protocol_version.h"
#include "mcp/refusals.h"
#include "mcp/version_shaping.h"
#include "util/log.h"

namespace gw::mcp {

using nlohmann::json;

namespace {

std::vector<std::string> names_of(const ToolList& tools) {
  std::vector<std::string> names;
  for (const auto& t : tools) names.push_back(t->descriptor().value("name", ""));
  return names;
}

RpcError invalid_params(std::string message) {
  return RpcError{kInvalidParams, std::move(message), nullptr};
}

// basic/utilities/progress: progress MUST increase, and notifications MUST stop once the request
// completes. Shared with the tool's callback, which may outlive the call.
struct ProgressState {
  std::mutex mutex;
  bool done = false;
  std::optional<double> last;
};

std::function<void(double, std::optional<double>, const std::string&)> progress_reporter(
    json token, std::function<void(const json&)> notify, std::shared_ptr<ProgressState> state) {
  return [token = std::move(token), notify = std::move(notify), state](
             double progress, std::optional<double> total, const std::string& message) {
    std::lock_guard lock(state->mutex);
    if (state->done || (state->last && progress <= *state->last)) return;
    state->last = progress;
    json params = {{"progressToken", token}, {"progress", progress}};
    if (total) params["total"] = *total;
    if (!message.empty()) params["message"] = message;
    notify(make_notification("notifications/progress", std::move(params)));
  };
}

constexpr std::array<const char*, 8> kLogLevels = {"debug", "info",     "notice", "warning",
                                                   "error", "critical", "alert",  "emergency"};

}  // namespace

Dispatcher::Dispatcher(ServerOptions options, ToolList tools, InFlightRequests& in_flight)
    : options_(std::move(options)),
      tools_(std::move(tools)),
      tools_fingerprint_(list_fingerprint(names_of(tools_))),
      in_flight_(in_flight) {}

const std::map<std::string, Dispatcher::Handler, std::less<>>& Dispatcher::request_table() {
  // resources/*, prompts/* and completion/* are not declared capabilities: -32601 like any
  // unknown method.
  static const std::map<std::string, Handler, std::less<>> table = {
      {"initialize", &Dispatcher::on_initialize},
      {"ping", &Dispatcher::on_ping},
      {"tools/list", &Dispatcher::on_tools_list},
      {"tools/call", &Dispatcher::on_tools_call},
      {"logging/setLevel", &Dispatcher::on_set_level},
      {"server/discover", &Dispatcher::on_discover},
  };
  return table;
}

std::optional<json> Dispatcher::handle(const Message& m, RequestContext& c) {
  switch (m.kind) {
    case MessageKind::kInvalid: return make_error(m.id, m.error);
    case MessageKind::kResponse:
      return std::nullopt;  // we send no requests, so there is nothing to match
    case MessageKind::kNotification: on_notification(m, c); return std::nullopt;
    case MessageKind::kRequest: break;
  }
  const auto& table = request_table();
  const auto it = table.find(m.method);
  // 2026-07-28 removed initialize, ping and logging/setLevel; server/discover exists only there.
  const bool served =
      it != table.end() && (c.modern ? is_modern_method(m.method) : m.method != "server/discover");
  if (!served) {
    return make_error(m.id, RpcError{kMethodNotFound, "Method not found: " + m.method, nullptr});
  }
  Reply reply = (this->*(it->second))(m, c);
  if (reply.suppressed) return std::nullopt;
  if (reply.error) return make_error(m.id, *reply.error);
  return answer(m, c, std::move(reply.result));
}

json Dispatcher::answer(const Message& m, const RequestContext& c, json result) const {
  if (c.modern) return make_result(m.id, modern_result(m.method, std::move(result)));
  return make_result(m.id, std::move(result));
}

std::vector<json> Dispatcher::handle_body(const ParsedBody& body, RequestContext& c) {
  std::vector<json> responses;
  // One HTTP request, one result budget: without it a 2025-03-26 batch of many calls answers many
  // times limits.max_result_bytes, all held in memory until the response is written.
  if (body.is_batch && options_.max_result_bytes > 0) {
    c.result_budget_bytes = options_.max_result_bytes;
  }
  for (const Message& m : body.messages) {
    if (body.is_batch && m.kind == MessageKind::kRequest && m.method == "initialize") {
      // 2025-03-26 basic/lifecycle: initialize MUST NOT be part of a batch.
      responses.push_back(make_error(
          m.id, RpcError{kInvalidRequest, "Invalid Request: initialize must not be part of a batch",
                         nullptr}));
      continue;
    }
    if (auto response = handle(m, c)) responses.push_back(std::move(*response));
  }
  return responses;
}

Dispatcher::Reply Dispatcher::on_initialize(const Message& m, RequestContext& c) {
  json requested = m.params.is_object() ? m.params.value("protocolVersion", json()) : json();
  if (!requested.is_null() && !requested.is_string()) {
    return Reply{{}, invalid_params("Invalid params: protocolVersion must be a string")};
  }
  const std::string asked = requested.is_string() ? requested.get<std::string>() : "";
  const std::string version = negotiate_version(asked);
  // Which clients connect, at which version: what an operator asks first when one misbehaves.
  const json client = m.params.is_object() ? m.params.value("clientInfo", json()) : json();
  const json name = client.is_object() ? client.value("name", json()) : json();
  log::info("mcp initialize",
            {{"scope", options_.scope_name},
             {"request_id", c.request_id},
             {"requested_version", asked.substr(0, 32)},
             {"protocol_version", version},
             {"client", name.is_string() ? name.get<std::string>().substr(0, 64) : ""}});
  return Reply{initialize_result(options_, version)};
}

Dispatcher::Reply Dispatcher::on_ping(const Message&, RequestContext&) {
  return Reply{json::object()};
}

Dispatcher::Reply Dispatcher::on_tools_list(const Message& m, RequestContext& c) {
  const json cursor = m.params.is_object() ? m.params.value("cursor", json()) : json();
  auto page = paginate(tools_.size(), std::max<std::size_t>(1, options_.tools_page_size),
                       tools_fingerprint_, cursor);
  if (!page.is_ok()) return Reply{{}, invalid_params(page.status().message())};
  json list = json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    list.push_back(shape_tool(tools_[i]->descriptor(), c.protocol_version));
  }
  json result = {{"tools", std::move(list)}};
  if (page->next_cursor) result["nextCursor"] = *page->next_cursor;
  return Reply{std::move(result)};
}

Tool* Dispatcher::find_tool(const std::string& name) const {
  for (const auto& t : tools_) {
    const json& descriptor = t->descriptor();
    const auto it = descriptor.find("name");
    if (it != descriptor.end() && it->is_string() && it->get_ref<const std::string&>() == name) {
      return t.get();
    }
  }
  return nullptr;
}

std::string Dispatcher::in_flight_owner(const RequestContext& c) const {
  return c.session ? InFlightRequests::session_owner(c.session->id()) : identity_owner(c);
}

std::string Dispatcher::identity_owner(const RequestContext& c) {
  return "client:" + c.client_id + "\n" + c.user;
}

Dispatcher::Reply Dispatcher::on_tools_call(const Message& m, RequestContext& c) {
  if (!m.params.is_object())
    return Reply{{}, invalid_params("Invalid params: params must be an object")};
  const auto name = m.params.find("name");
  if (name == m.params.end() || !name->is_string()) {
    return Reply{{}, invalid_params("Invalid params: name must be a string")};
  }
  // Read in place: the arguments may be most of the request.
  static const json kNoArguments = json::object();
  const auto given = m.params.find("arguments");
  const json& arguments = given != m.params.end() ? *given : kNoArguments;
  if (!arguments.is_object()) {
    return Reply{{}, invalid_params("Invalid params: arguments must be an object")};
  }
  const std::string& tool_name = name->get_ref<const std::string&>();
  Tool* tool = find_tool(tool_name);
  if (tool == nullptr) return Reply{{}, invalid_params("Unknown tool: " + tool_name)};
  if (c.result_budget_bytes == 0) {
    count_limit_refusal(options_.scope_name, "batch_result_budget");
    return Reply{{},
                 RpcError{kResultBudgetUsedUp,
                          fmt::format("Result budget used up: the earlier calls of this batch used "
                                      "the request's limits.max_result_bytes ({} bytes); send "
                                      "this call in a request of its own",
                                      options_.max_result_bytes),
                          nullptr}};
  }

  ToolCallContext call;
  call.scope_name = options_.scope_name;
  call.client_id = c.client_id;
  call.user = c.user;
  call.request_id = c.request_id;
  call.result_budget_bytes = c.result_budget_bytes;
  auto progress = std::make_shared<ProgressState>();
  const auto meta = m.params.find("_meta");
  const json token =
      meta != m.params.end() && meta->is_object() ? meta->value("progressToken", json()) : json();
  if (c.notify && (token.is_string() || token.is_number_integer())) {
    call.report_progress = progress_reporter(token, c.notify, progress);
  }
  auto registration = in_flight_.add(in_flight_owner(c), m.id, call.cancel);
  // Clients that drop Mcp-Session-Id (PROTOCOL-NOTES §2.7) may cancel without it: the identity the
  // token carries finds the request too.
  std::optional<InFlightRequests::Registration> by_identity;
  if (c.session) by_identity.emplace(in_flight_.add(identity_owner(c), m.id, call.cancel));
  // A client gone for good (the transport judged so: cancel_on_disconnect) cancels the call.
  http::ClientWatch watch;
  if (c.cancel_on_disconnect) watch = http::ClientWatch([t = call.cancel] { t->cancel(); });
  CancellationToken::Subscription disconnect;
  if (c.disconnected) {
    disconnect = CancellationToken::on_cancel(c.disconnected, [t = call.cancel] { t->cancel(); });
  }
  const auto stop_progress = [progress] {
    std::lock_guard lock(progress->mutex);
    progress->done = true;
  };
  // The answer may leave while the tool runs (streamed_answer.h); its progress notifications stop
  // before its first byte, so none lands inside the answer's event.
  std::optional<StreamedAnswer> streamed;
  if (c.answer_stream) {
    streamed.emplace(
        std::move(*c.answer_stream),
        [this, &m, &c](ToolOutcome outcome) {
          return to_wire(answer(m, c, shape_call_result(std::move(outcome), c.protocol_version)));
        },
        stop_progress);
    c.answer_stream.reset();
    call.result_stream = &*streamed;
  }
  Reply reply;
  try {
    ToolOutcome outcome = tool->call(arguments, call);
    if (streamed && streamed->started()) {
      streamed->finish(std::move(outcome));
      reply.suppressed = true;  // answered on the stream
    } else {
      reply.result = shape_call_result(std::move(outcome), c.protocol_version);
    }
  } catch (const std::exception&) {
    // A bug in a tool: say nothing of its internals (security: no details that aid attacks).
    static const char* const kToolFailed = "Internal error: the tool failed";
    if (streamed && streamed->started()) {
      streamed->finish(ToolOutcome::error(kToolFailed));
      reply.suppressed = true;
    } else {
      reply.error = RpcError{kInternalError, kToolFailed, nullptr};
    }
  }
  stop_progress();
  if (c.result_budget_bytes > 0 && !reply.suppressed) {
    const auto used = static_cast<std::int64_t>(to_wire(reply.result).size());
    c.result_budget_bytes = std::max<std::int64_t>(0, c.result_budget_bytes - used);
  }
  // basic/utilities/cancellation: a cancelled request SHOULD get no response. One whose answer
  // already started on its stream got the rest of it, ending as an error (streamed_answer.h).
  reply.suppressed = reply.suppressed || call.cancel->is_cancelled();
  return reply;
}

Dispatcher::Reply Dispatcher::on_set_level(const Message& m, RequestContext& c) {
  const json level = m.params.is_object() ? m.params.value("level", json()) : json();
  const bool known = level.is_string() && std::find(kLogLevels.begin(), kLogLevels.end(),
                                                    level.get<std::string>()) != kLogLevels.end();
  if (!known) {
    return Reply{{},
                 invalid_params("Invalid params: level must be one of debug, info, notice, "
                                "warning, error, critical, alert, emergency")};
  }
  if (c.session) c.session->set_log_level(level.get<std::string>());
  return Reply{json::object()};
}

std::string Dispatcher::tools_digest() const {
  std::string digest;
  for (const auto& t : tools_) digest += t->descriptor().dump() + '\n';
  return digest;
}

Dispatcher::Reply Dispatcher::on_discover(const Message&, RequestContext&) {
  return Reply{discover_result(options_)};
}

json Dispatcher::modern_result(const std::string& method, json result) const {
  // 2026-07-28 basic/index § Result: resultType is required on every result; serverInfo SHOULD be
  // in every result's _meta.
  result["resultType"] = "complete";
  result["_meta"][kMetaServerInfo] = server_implementation(options_, kModernVersion);
  if (method == "tools/list" || method == "server/discover") {
    // server/utilities/caching: the tool list changes only when the scope is reloaded, and it
    // differs between tokens (a scope's read-only flag decides execute_sql's annotations), so
    // it is private to the authorization context.
    result["ttlMs"] = kListTtlMs;
    result["cacheScope"] = "private";
  }
  return result;
}

void Dispatcher::on_notification(const Message& m, RequestContext& c) {
  if (m.method == "notifications/initialized") {
    if (c.session) c.session->mark_initialized();
  } else if (m.method == "notifications/cancelled" && m.params.is_object()) {
    // Invalid or unknown cancellations are ignored (basic/utilities/cancellation).
    in_flight_.cancel(in_flight_owner(c), m.params.value("requestId", json()));
  }
  // Other notifications (roots/list_changed, progress, ...) need no action.
}

}  // namespace gw::mcp
