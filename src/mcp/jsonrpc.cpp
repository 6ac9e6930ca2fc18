#include "mcp/jsonrpc.h"

#include <algorithm>
#include <functional>

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

namespace {

// Binary values never come from parsing JSON, so this subtype marks only structured_from_text().
constexpr std::uint64_t kStructuredFromText = 0x7478;

bool is_structured_from_text(const json& value) {
  return value.is_binary() && value.get_binary().has_subtype() &&
         value.get_binary().subtype() == kStructuredFromText;
}

// The text structured_from_text() stands for in `result` (a CallToolResult), or null when result
// holds no such placeholder.
const std::string* structured_text(const json& result) {
  if (!result.is_object()) return nullptr;
  const auto structured = result.find("structuredContent");
  if (structured == result.end() || !is_structured_from_text(*structured)) return nullptr;
  const auto content = result.find("content");
  if (content == result.end() || !content->is_array() || content->empty()) return nullptr;
  const auto text = content->front().find("text");
  if (text == content->front().end() || !text->is_string()) return nullptr;
  return &text->get_ref<const std::string&>();
}

// Whether a message, a batch of them, or a result holds the placeholder: only then is the slower
// walk below needed.
bool holds_structured_text(const json& value) {
  if (value.is_array()) return std::any_of(value.begin(), value.end(), holds_structured_text);
  if (!value.is_object()) return false;
  if (value.contains("structuredContent"))
    return is_structured_from_text(value["structuredContent"]);
  const auto result = value.find("result");
  return result != value.end() && result->is_object() && result->contains("structuredContent") &&
         is_structured_from_text((*result)["structuredContent"]);
}

using Serializer = nlohmann::detail::serializer<json>;

// Where the walk below writes: one string (to_wire), or pieces of about kPiece bytes handed on as
// they fill (write_wire), so a large answer is never held whole a second time.
class WireOut {
 public:
  static constexpr std::size_t kPiece = 64 * 1024;

  explicit WireOut(const std::function<bool(std::string_view)>* emit) : emit_(emit) {}
  std::string& buffer() { return buffer_; }
  // Hands the buffer on once it holds a piece; false once the receiver refused one.
  bool flush(bool force = false) {
    if (emit_ == nullptr || !ok_ || (!force && buffer_.size() < kPiece)) return ok_;
    if (!buffer_.empty()) ok_ = (*emit_)(buffer_);
    buffer_.clear();
    return ok_;
  }
  bool ok() const { return ok_; }

 private:
  const std::function<bool(std::string_view)>* emit_;
  std::string buffer_;
  bool ok_ = true;
};

// The text as it is (structuredContent), in pieces.
void write_raw(WireOut& out, const std::string& text) {
  for (std::size_t i = 0; i < text.size() && out.ok(); i += WireOut::kPiece) {
    out.buffer().append(text, i, WireOut::kPiece);
    out.flush();
  }
}

// The text as a JSON string, in pieces.
void write_json_text_as_string(WireOut& out, const std::string& text) {
  out.buffer() += '"';
  for (std::size_t i = 0; i < text.size() && out.ok(); i += WireOut::kPiece) {
    append_json_text_escaped(out.buffer(), std::string_view(text).substr(i, WireOut::kPiece));
    out.flush();
  }
  out.buffer() += '"';
}

void write_value(const json& value, WireOut& out, Serializer& leaf,
                 const std::string* text_of_result = nullptr) {
  std::string& buffer = out.buffer();
  if (value.is_object()) {
    const std::string* text = structured_text(value);
    if (text == nullptr) text = text_of_result;
    buffer += '{';
    bool first = true;
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (!first) buffer += ',';
      first = false;
      leaf.dump(json(it.key()), false, false, 0);
      buffer += ':';
      if (is_structured_from_text(it.value()) && text != nullptr) {
        write_raw(out, *text);
      } else {
        write_value(it.value(), out, leaf, text);
      }
    }
    buffer += '}';
  } else if (value.is_array()) {
    buffer += '[';
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) buffer += ',';
      write_value(value[i], out, leaf, text_of_result);
    }
    buffer += ']';
  } else if (text_of_result != nullptr && value.is_string() &&
             &value.get_ref<const std::string&>() == text_of_result) {
    write_json_text_as_string(out, *text_of_result);
  } else if (is_structured_from_text(value)) {
    buffer += "null";  // a placeholder out of place (no text block): no text to stand for
  } else {
    leaf.dump(value, false, false, 0);
  }
  out.flush();
}

void write_message(const json& message, WireOut& out) {
  Serializer leaf(nlohmann::detail::output_adapter<char>(out.buffer()), ' ',
                  json::error_handler_t::replace);
  write_value(message, out, leaf);
  out.flush(true);
}

}  // namespace

json structured_from_text() { return json::binary({}, kStructuredFromText); }

void append_json_text_escaped(std::string& out, std::string_view json_text) {
  std::size_t i = 0;
  while (i < json_text.size()) {
    const std::size_t next = json_text.find_first_of("\"\\", i);
    const std::size_t end = next == std::string_view::npos ? json_text.size() : next;
    out.append(json_text, i, end - i);
    if (end == json_text.size()) break;
    out += '\\';
    out += json_text[end];
    i = end + 1;
  }
}

namespace {

// The bytes of result text a message (or a batch) holds as structured_from_text placeholders.
std::size_t structured_text_bytes(const json& value) {
  if (value.is_array()) {
    std::size_t total = 0;
    for (const json& each : value) total += structured_text_bytes(each);
    return total;
  }
  if (!value.is_object()) return 0;
  const auto result = value.find("result");
  const std::string* text = structured_text(result != value.end() ? *result : value);
  return text != nullptr ? text->size() : 0;
}

}  // namespace

bool is_large_answer(const json& message) {
  return structured_text_bytes(message) >= kLargeAnswerBytes;
}

std::string to_wire(const json& message) {
  if (!holds_structured_text(message)) {
    return message.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  WireOut out(nullptr);
  const auto result = message.is_object() ? message.find("result") : message.end();
  if (result != message.end()) {
    // The text twice (structuredContent, and escaped as the text block): one allocation.
    if (const std::string* text = structured_text(*result)) {
      out.buffer().reserve(2 * text->size() + text->size() / 4 + 4096);
    }
  }
  write_message(message, out);
  return std::move(out.buffer());
}

bool write_wire(const json& message, const std::function<bool(std::string_view)>& emit) {
  if (!holds_structured_text(message)) return emit(to_wire(message));
  WireOut out(&emit);
  write_message(message, out);
  return out.ok();
}

}  // namespace gw::mcp
