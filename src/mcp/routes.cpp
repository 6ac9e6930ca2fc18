#include "mcp/routes.h"

#include "http/response.h"
#include "mcp/legacy_sse.h"
#include "mcp/streamable_http.h"

namespace gw::mcp {

namespace {

// The POST body, parsed once here for the authorization check, is handed on to the transport.
using Serve = void (*)(const ScopeEndpointPtr&, const httplib::Request&, httplib::Response&,
                       const HttpCaller&, ParseOutcome);

std::string header_if_trusted(const http::ScopeRequest& r, const char* name) {
  return r.from_trusted_proxy ? r.request.get_header_value(name) : std::string();
}

// Runs one transport function after the endpoint lookup and the identity check.
http::ScopeHandler handler(std::shared_ptr<const RouteOptions> options, Serve serve) {
  return [options, serve](http::ScopeRequest& r) {
    const ScopeEndpointPtr& endpoint = options->endpoint;
    if (!endpoint) {
      http::send_error(r.response, 404, "not_found", "MCP is not enabled for this scope");
      return;
    }
    ParseOutcome parsed;
    if (r.request.method == "POST") parsed = parse_body(r.request.body, endpoint->options().parse);
    const std::vector<ToolCallRequest> tool_calls = tool_calls_in_body(parsed);
    const bool calls_tool = !tool_calls.empty();
    HttpCaller caller;
    caller.request_id = r.request_id;
    caller.stopping = options->stopping;
    caller.client_address = r.client_address;
    caller.streams = r.streams;
    caller.stream_caps = r.stream_caps;
    caller.public_prefix =
        public_prefix(r.request.path, r.inner_path, header_if_trusted(r, "X-Forwarded-Prefix"),
                      header_if_trusted(r, "X-Environment-Path"), r.scope.path);
    if (options->authenticate) {
      if (!options->authenticate(r, tool_calls, caller)) return;
    } else if (!development_admits(r.scope.development, calls_tool)) {
      r.response.set_header("WWW-Authenticate", "Bearer");
      http::send_error(r.response, 401, "unauthorized",
                       calls_tool ? "tools/call requires authorization on this scope"
                                  : "this scope requires authorization");
      return;
    }
    serve(endpoint, r.request, r.response, caller, std::move(parsed));
  };
}

void head(const ScopeEndpointPtr&, const httplib::Request&, httplib::Response& response,
          const HttpCaller&, ParseOutcome) {
  serve_head(response);
}

// GET and DELETE have no body to read.
template <void (*serve)(const ScopeEndpointPtr&, const httplib::Request&, httplib::Response&,
                        const HttpCaller&)>
void bodiless(const ScopeEndpointPtr& endpoint, const httplib::Request& request,
              httplib::Response& response, const HttpCaller& caller, ParseOutcome) {
  serve(endpoint, request, response, caller);
}

}  // namespace

void register_routes(http::RouteTable& routes, RouteOptions options) {
  auto shared = std::make_shared<const RouteOptions>(std::move(options));
  for (const char* path : {"/mcp", "/sse"}) {
    routes.add("POST", path, handler(shared, &serve_post));
    routes.add("HEAD", path, handler(shared, &head));
    routes.add("DELETE", path, handler(shared, &bodiless<serve_delete>));
  }
  routes.add("GET", "/mcp", handler(shared, &bodiless<serve_get>));
  routes.add("GET", "/sse", handler(shared, &bodiless<serve_legacy_stream>));
  routes.add("POST", "/messages", handler(shared, &serve_legacy_post));
}

EndpointOptions endpoint_options(const config::ScopeConfig& scope,
                                 const config::ServerConfig& server) {
  EndpointOptions o;
  o.server.scope_name = scope.name;
  o.server.scope_description = scope.description;
  o.server.read_only = scope.read_only;
  o.server.max_result_bytes = scope.limits.max_result_bytes;
  if (server.max_body_bytes > 0)
    o.parse.max_bytes = static_cast<std::size_t>(server.max_body_bytes);
  return o;
}

bool development_admits(const config::DevelopmentConfig& development, bool calls_tool) {
  return development.allow_unauthenticated_methods &&
         (!calls_tool || development.allow_unauthenticated_tools_call);
}

const nlohmann::json& ToolCallRequest::arguments() const {
  static const nlohmann::json kAbsent;
  return arguments_in_body != nullptr ? *arguments_in_body : kAbsent;
}

std::vector<ToolCallRequest> tool_calls_in_body(const ParseOutcome& parsed) {
  std::vector<ToolCallRequest> calls;
  if (parsed.error) return calls;
  for (const Message& m : parsed.body.messages) {
    if (m.kind != MessageKind::kRequest || m.method != "tools/call") continue;
    ToolCallRequest call;
    if (m.params.is_object()) {
      const auto name = m.params.find("name");
      if (name != m.params.end() && name->is_string()) call.name = name->get<std::string>();
      const auto arguments = m.params.find("arguments");
      if (arguments != m.params.end()) call.arguments_in_body = &*arguments;
    }
    calls.push_back(std::move(call));
  }
  return calls;
}

}  // namespace gw::mcp
