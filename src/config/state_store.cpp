#include "config/state_store.h"

#include <charconv>

#include <fmt/format.h>

namespace gw::config {
namespace {

constexpr const char* kExpected =
    "expected journal or redis://[user:password@]host:port/db (password via ${VAR})";

bool parse_int(std::string_view text, int min, int max, int* out) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return false;
  }
  *out = value;
  return true;
}

// RFC 3986 §2.1 percent-decoding of the userinfo parts.
bool percent_decode(std::string_view in, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    int byte = 0;
    if (i + 2 >= in.size()) return false;
    auto [end, ec] = std::from_chars(in.data() + i + 1, in.data() + i + 3, byte, 16);
    if (ec != std::errc() || end != in.data() + i + 3) return false;
    out->push_back(static_cast<char>(byte));
    i += 2;
  }
  return true;
}

Status bad(std::string_view why) { return invalid_argument(fmt::format("{}: {}", kExpected, why)); }

}  // namespace

std::string StateStore::display() const {
  if (kind == Kind::kJournal) return "journal";
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return fmt::format("{}://{}{}:{}/{}", tls ? "rediss" : "redis", user.empty() ? "" : user + "@",
                     shown_host, port, database);
}

Result<StateStore> parse_state_store(const std::string& text) {
  StateStore out;
  if (text == "journal") return out;
  out.tls = text.rfind("rediss://", 0) == 0;
  const std::string_view scheme = out.tls ? "rediss://" : "redis://";
  if (text.rfind(scheme, 0) != 0) return bad("unknown scheme");
  out.kind = StateStore::Kind::kRedis;
  std::string_view rest = std::string_view(text).substr(scheme.size());
  if (auto question = rest.find('?'); question != std::string_view::npos) {
    const std::string_view query = rest.substr(question + 1);
    rest = rest.substr(0, question);
    const std::string_view name = "ca_file=";
    if (!out.tls) return bad("redis:// takes no ?parameters (rediss:// takes ?ca_file=PATH)");
    if (query.rfind(name, 0) != 0) return bad("rediss:// takes only ?ca_file=PATH");
    if (!percent_decode(query.substr(name.size()), &out.ca_file) || out.ca_file.empty()) {
      return bad("ca_file needs a path (%XX escapes allowed)");
    }
  }
  std::string_view path;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    std::string_view user = userinfo, password;
    if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      user = userinfo.substr(0, colon);
      password = userinfo.substr(colon + 1);
    }
    std::string decoded;
    if (!percent_decode(user, &out.user)) return bad("a malformed %XX escape in the user");
    if (!percent_decode(password, &decoded)) return bad("a malformed %XX escape in the password");
    out.password = Secret(std::move(decoded));
  }
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string_view::npos) return bad("an IPv6 host needs its closing ]");
    out.host = std::string(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("text after the IPv6 host");
      port = rest.substr(1);
    }
  } else {
    auto colon = rest.find(':');
    out.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port = rest.substr(colon + 1);
  }
  if (out.host.empty()) return bad("no host");
  if (out.host.find_first_of(" /?#@") != std::string::npos) return bad("a malformed host");
  if (!port.empty() && !parse_int(port, 1, 65535, &out.port)) return bad("port must be 1..65535");
  if (!path.empty() && !parse_int(path, 0, 9999, &out.database)) {
    return bad("the database after / must be a number 0..9999");
  }
  return out;
}

}  // namespace gw::config
