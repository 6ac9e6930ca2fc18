#include "mcp/modern_request.h"

#include <openssl/evp.h>

#include "mcp/protocol_version.h"

namespace gw::mcp {

using nlohmann::json;

namespace {

const json* meta_of(const Message& m) {
  if (!m.params.is_object()) return nullptr;
  const auto it = m.params.find("_meta");
  return it != m.params.end() && it->is_object() ? &*it : nullptr;
}

std::string_view trim_ows(std::string_view s) {
  // RFC 9110 §5.6.3: OWS is spaces and horizontal tabs.
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::string> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t size = static_cast<std::size_t>(n);
  // EVP_DecodeBlock counts padding as zero bytes.
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && size > 0; --i) --size;
  out.resize(size);
  return out;
}

ModernRefusal refusal(int status, int code, std::string message, json data = nullptr) {
  return ModernRefusal{status, RpcError{code, std::move(message), std::move(data)}};
}

// The body value an Mcp-Name header mirrors (streamable-http § Standard Headers), or nullopt for
// methods without one.
std::optional<std::string> name_in_body(const Message& m) {
  const char* field = nullptr;
  if (m.method == "tools/call" || m.method == "prompts/get") field = "name";
  if (m.method == "resources/read") field = "uri";
  if (field == nullptr || !m.params.is_object()) return std::nullopt;
  const auto it = m.params.find(field);
  if (it == m.params.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::vector<std::string> all_supported_versions() {
  std::vector<std::string> versions = {std::string(kModernVersion)};
  for (const auto& v : supported_versions()) versions.push_back(v);
  return versions;
}

bool is_modern_message(const Message& m) {
  if (m.kind != MessageKind::kRequest && m.kind != MessageKind::kNotification) return false;
  if (m.method == "server/discover" || m.method == "subscriptions/listen") return true;
  const json* meta = meta_of(m);
  if (meta == nullptr) return false;
  for (const auto& [key, value] : meta->items()) {
    if (key.rfind("io.modelcontextprotocol/", 0) == 0) return true;
  }
  return false;
}

std::optional<std::string> header_value(std::string_view raw) {
  const std::string_view value = trim_ows(raw);
  constexpr std::string_view kPrefix = "=?base64?", kSuffix = "?=";
  if (value.size() >= kPrefix.size() + kSuffix.size() &&
      value.substr(0, kPrefix.size()) == kPrefix &&
      value.substr(value.size() - kSuffix.size()) == kSuffix) {
    return decode_base64(
        value.substr(kPrefix.size(), value.size() - kPrefix.size() - kSuffix.size()));
  }
  return std::string(value);
}

std::variant<ModernRequest, ModernRefusal> validate_modern(const Message& m,
                                                           const ModernHeaders& headers) {
  // basic/index § Request _meta: protocolVersion and clientCapabilities are required.
  const json* meta = meta_of(m);
  const auto version = meta != nullptr ? meta->find(kMetaProtocolVersion) : json::const_iterator();
  if (meta == nullptr || version == meta->end() || !version->is_string()) {
    return refusal(400, kInvalidParams,
                   std::string("Invalid params: _meta[\"") + kMetaProtocolVersion +
                       "\"] is required (a string)");
  }
  const auto capabilities = meta->find(kMetaClientCapabilities);
  if (capabilities == meta->end() || !capabilities->is_object()) {
    return refusal(400, kInvalidParams,
                   std::string("Invalid params: _meta[\"") + kMetaClientCapabilities +
                       "\"] is required (an object)");
  }
  const std::string requested = version->get<std::string>();
  // streamable-http § Protocol Version Header: the header MUST equal the body value.
  const auto header_version =
      headers.protocol_version ? header_value(*headers.protocol_version) : std::nullopt;
  if (!header_version || *header_version != requested) {
    return refusal(400, kHeaderMismatch,
                   "Header mismatch: MCP-Protocol-Version must equal _meta[\"" +
                       std::string(kMetaProtocolVersion) + "\"] (" + requested + ")");
  }
  // streamable-http § Standard Headers: Mcp-Method on every request, Mcp-Name where the body names
  // a tool, prompt or resource.
  const auto method = headers.method ? header_value(*headers.method) : std::nullopt;
  if (!method || *method != m.method) {
    return refusal(
        400, kHeaderMismatch,
        "Header mismatch: Mcp-Method must equal the request's method (" + m.method + ")");
  }
  if (const auto name = name_in_body(m)) {
    const auto header_name = headers.name ? header_value(*headers.name) : std::nullopt;
    if (!header_name || *header_name != *name) {
      return refusal(400, kHeaderMismatch,
                     "Header mismatch: Mcp-Name must equal the name the request's body names");
    }
  }
  // basic/versioning: an unsupported version is refused with the versions we do support.
  if (requested != kModernVersion) {
    return refusal(400, kUnsupportedProtocolVersion,
                   "Unsupported protocol version: " + requested.substr(0, 64) +
                       " (2025-11-25 and older are served after initialize)",
                   json{{"supported", all_supported_versions()}, {"requested", requested}});
  }
  ModernRequest request{requested, *capabilities, ""};
  const auto level = meta->find(kMetaLogLevel);
  if (level != meta->end() && level->is_string()) request.log_level = level->get<std::string>();
  return request;
}

bool is_modern_method(std::string_view method) {
  return method == "server/discover" || method == "tools/list" || method == "tools/call" ||
         method == "subscriptions/listen";
}

}  // namespace gw::mcp
