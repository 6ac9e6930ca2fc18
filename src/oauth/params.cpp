#include "oauth/params.h"

#include <nlohmann/json.hpp>

#include "util/base64.h"

namespace gw::oauth {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char a = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] + 32) : s[i];
    if (a != prefix[i]) return false;
  }
  return true;
}

Status add_param(Params& out, std::string name, std::string value) {
  if (out.count(name) != 0) return invalid_argument("parameter " + name + " is repeated");
  out.emplace(std::move(name), std::move(value));
  return Status::ok();
}

}  // namespace

Result<std::string> form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return invalid_argument("bad % escape");
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return invalid_argument("bad % escape");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string form_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Result<Params> parse_form(std::string_view body) {
  Params out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view pair = body.substr(start, end - start);
    if (!pair.empty()) {
      std::size_t eq = pair.find('=');
      auto name = form_decode(pair.substr(0, eq));
      auto value = form_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      if (!name || !value) return invalid_argument("malformed form body");
      GW_RETURN_IF_ERROR(add_param(out, std::move(*name), std::move(*value)));
    }
    start = end + 1;
  }
  return out;
}

Result<Params> params_from_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  Params out;
  for (const auto& [k, v] : pairs) GW_RETURN_IF_ERROR(add_param(out, k, v));
  return out;
}

Result<Params> parse_json_params(std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return invalid_argument("body is not a JSON object");
  Params out;
  for (const auto& [k, v] : doc.items()) {
    if (v.is_string()) {
      out.emplace(k, v.get<std::string>());
    } else if (v.is_number() || v.is_boolean()) {
      out.emplace(k, v.dump());
    } else if (!v.is_null()) {
      return invalid_argument("parameter " + k + " must be a string");
    }
  }
  return out;
}

std::string param(const Params& p, std::string_view key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

Result<BasicCredentials> parse_basic_authorization(std::string_view header) {
  if (!iequals_prefix(header, "basic ")) return not_found("not Basic authorization");
  std::string_view b64 = header.substr(6);
  while (!b64.empty() && b64.front() == ' ') b64.remove_prefix(1);
  while (!b64.empty() && b64.back() == ' ') b64.remove_suffix(1);
  auto raw = base64_decode(b64);
  const Status bad = invalid_argument("malformed Basic credentials");
  if (!raw) return bad;
  std::size_t colon = raw->find(':');
  if (colon == std::string::npos) return bad;
  auto id = form_decode(std::string_view(*raw).substr(0, colon));
  auto secret = form_decode(std::string_view(*raw).substr(colon + 1));
  if (!id || !secret || id->empty()) return bad;
  return BasicCredentials{std::move(*id), std::move(*secret)};
}

}  // namespace gw::oauth
