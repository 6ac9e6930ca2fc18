#include "mcp/jsonrpc.h"

#include <fmt/format.h>

namespace gw::mcp {

using nlohmann::json;

int nesting_depth(std::string_view text, int stop_after) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) max_depth = depth;
      if (max_depth > stop_after) return max_depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

namespace {

bool is_valid_id(const json& id) { return id.is_string() || id.is_number_integer(); }

Message invalid(json id, int code, std::string message) {
  Message m;
  m.kind = MessageKind::kInvalid;
  m.id = std::move(id);
  m.error = RpcError{code, std::move(message), nullptr};
  return m;
}

// Takes the value apart: the params are moved, not copied (the arguments of a call may be most of
// the body).
Message classify_owned(json&& value) {
  if (!value.is_object())
    return invalid(nullptr, kInvalidRequest, "Invalid Request: a message must be a JSON object");
  json id = nullptr;
  const auto id_it = value.find("id");
  const bool has_id = id_it != value.end();
  if (has_id) {
    if (!is_valid_id(*id_it)) {
      return invalid(nullptr, kInvalidRequest,
                     "Invalid Request: id must be a string or an integer");
    }
    id = *id_it;
  }
  const auto version = value.find("jsonrpc");
  if (version == value.end() || *version != "2.0") {
    return invalid(id, kInvalidRequest, "Invalid Request: jsonrpc must be \"2.0\"");
  }
  const auto method = value.find("method");
  if (method == value.end()) {
    const bool has_result = value.contains("result"), has_error = value.contains("error");
    if (has_id && has_result != has_error) {
      Message m;
      m.kind = MessageKind::kResponse;
      m.id = id;
      return m;
    }
    return invalid(id, kInvalidRequest, "Invalid Request: missing method");
  }
  if (!method->is_string())
    return invalid(id, kInvalidRequest, "Invalid Request: method must be a string");
  Message m;
  m.kind = has_id ? MessageKind::kRequest : MessageKind::kNotification;
  m.id = id;
  m.method = method->get<std::string>();
  const auto params = value.find("params");
  if (params != value.end() && !params->is_null()) {
    if (params->is_array())
      return invalid(id, kInvalidParams, "Invalid params: params must be an object");
    if (!params->is_object())
      return invalid(id, kInvalidRequest, "Invalid Request: params must be an object");
    m.params = std::move(*params);
  }
  return m;
}

}  // namespace

Message classify_message(const json& value) { return classify_owned(json(value)); }

ParseOutcome parse_body(std::string_view body, const ParseLimits& limits) {
  ParseOutcome out;
  if (body.size() > limits.max_bytes) {
    out.too_large = true;
    out.error =
        RpcError{kInvalidRequest,
                 fmt::format("Invalid Request: body exceeds {} bytes", limits.max_bytes), nullptr};
    return out;
  }
  if (nesting_depth(body, limits.max_depth) > limits.max_depth) {
    out.error = RpcError{
        kParseError,
        fmt::format("Parse error: JSON nested deeper than {} levels", limits.max_depth), nullptr};
    return out;
  }
  json value = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    out.error = RpcError{kParseError, "Parse error: the body is not valid JSON", nullptr};
    return out;
  }
  if (!value.is_array()) {
    out.body.messages.push_back(classify_owned(std::move(value)));
    return out;
  }
  if (value.empty()) {
    out.error = RpcError{kInvalidRequest, "Invalid Request: empty batch", nullptr};
    return out;
  }
  if (value.size() > limits.max_batch) {
    out.too_many_messages = true;
    out.error = RpcError{
        kInvalidRequest,
        fmt::format("Invalid Request: a batch holds at most {} messages", limits.max_batch),
        nullptr};
    return out;
  }
  out.body.is_batch = true;
  for (auto& element : value) out.body.messages.push_back(classify_owned(std::move(element)));
  return out;
}

json make_result(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error(const json& id, const RpcError& error) {
  json e = {{"code", error.code}, {"message", error.message}};
  if (!error.data.is_null()) e["data"] = error.data;
  json out = {{"jsonrpc", "2.0"}};
  if (!id.is_null()) out["id"] = id;
  out["error"] = std::move(e);
  return out;
}

json make_notification(std::string method, json params) {
  json out = {{"jsonrpc", "2.0"}, {"method", std::move(method)}};
  if (!params.is_null()) out["params"] = std::move(params);
  return out;
}

std::string to_wire(const json& message) {
  return message.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace gw::mcp
