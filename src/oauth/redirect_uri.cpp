#include "oauth/redirect_uri.h"

#include "util/number.h"
#include "util/text.h"

namespace gw::oauth {
namespace {

bool valid_dns_host(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.back() == '.') return false;
  std::size_t label = 0;
  for (char c : host) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || ++label > 63) return false;
  }
  return true;
}

bool host_allowed(const std::string& host, const std::vector<std::string>& allowed) {
  for (const auto& entry : allowed) {
    std::string a = to_lower(entry);
    if (host == a) return true;
    // Whole-label suffix: "x.claude.ai" matches "claude.ai", "evilclaude.ai" does not.
    if (host.size() > a.size() + 1 && host.compare(host.size() - a.size(), a.size(), a) == 0 &&
        host[host.size() - a.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "127.0.0.1" || host == "[::1]";
}

Result<Url> parse_url(std::string_view text) {
  const Status bad = invalid_argument("not an absolute URL");
  Url url;
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return bad;
  url.scheme = to_lower(text.substr(0, colon));
  for (char c : url.scheme) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
      return bad;
    }
  }
  std::string_view rest = text.substr(colon + 1);
  if (rest.substr(0, 2) != "//") return bad;
  rest.remove_prefix(2);
  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    url.has_fragment = true;
    rest = rest.substr(0, hash);
  }
  std::size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  // Any '@' in the authority is userinfo (RFC 3986 §3.2.1); "user@claude.ai@evil.com" names
  // evil.com.
  if (authority.find('@') != std::string_view::npos) url.has_userinfo = true;
  authority = authority.substr(
      authority.rfind('@') == std::string_view::npos ? 0 : authority.rfind('@') + 1);
  std::string_view host = authority;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad;
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad;
      url.port = std::string(after.substr(1));
    }
  } else {
    std::size_t pc = authority.rfind(':');
    if (pc != std::string_view::npos) {
      host = authority.substr(0, pc);
      url.port = std::string(authority.substr(pc + 1));
    }
  }
  // RFC 3986 §3.2.3 allows any digits; TCP allows 1..65535. Checked here, once, so no caller
  // converts an unchecked port (std::stoi throws past INT_MAX; a cast wraps past 65535).
  if (!url.port.empty() && !parse_decimal(url.port, 1, 65535)) {
    return invalid_argument("URL port must be a number from 1 to 65535");
  }
  if (host.empty()) return bad;
  url.host = to_lower(host);
  std::size_t q = rest.find('?');
  url.path = std::string(rest.substr(0, q));
  if (q != std::string_view::npos) url.query = std::string(rest.substr(q + 1));
  return url;
}

Status validate_redirect_uri(std::string_view uri, const RedirectPolicy& policy) {
  auto parsed = parse_url(uri);
  if (!parsed) return invalid_argument("redirect URI is not an absolute URL");
  const Url& u = *parsed;
  if (u.has_fragment) return invalid_argument("redirect URI must not contain a fragment");
  if (u.has_userinfo) return invalid_argument("redirect URI must not contain user information");
  for (char c : uri) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '\\' || c == 0x7f) {
      return invalid_argument("redirect URI contains a character that is not allowed");
    }
  }
  if (u.scheme == "http") {
    if (!is_loopback_host(u.host)) {
      return invalid_argument("redirect URI must use https (http only on a loopback host)");
    }
    if (!policy.allow_loopback) {
      return invalid_argument("loopback redirect URIs are not allowed for this scope");
    }
    return Status::ok();
  }
  if (u.scheme != "https") return invalid_argument("redirect URI must use https");
  if (!valid_dns_host(u.host)) return invalid_argument("redirect URI host is not a valid name");
  if (!host_allowed(u.host, policy.allowed_hosts)) {
    return invalid_argument("redirect URI host " + u.host + " is not allowed for this scope");
  }
  return Status::ok();
}

bool redirect_uri_registered(std::string_view requested,
                             const std::vector<std::string>& registered) {
  for (const auto& r : registered) {
    if (r == requested) return true;
  }
  auto req = parse_url(requested);
  if (!req || req->scheme != "http" || !is_loopback_host(req->host) || req->has_fragment ||
      req->has_userinfo) {
    return false;
  }
  for (const auto& r : registered) {
    auto reg = parse_url(r);
    if (reg && reg->scheme == "http" && reg->host == req->host && reg->path == req->path &&
        reg->query == req->query && !reg->has_userinfo) {
      return true;  // RFC 8252 §7.3: the port of a loopback redirect varies per request
    }
  }
  return false;
}

}  // namespace gw::oauth
