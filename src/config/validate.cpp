#include "config/validate.h"

#include <charconv>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "config/password_format.h"
#include "config/state_store.h"
#include "util/cidr.h"
#include "util/text.h"

namespace gw::config {
namespace {

// Paths a scope may not take: the server's own endpoints live there.
const std::set<std::string> kReservedNames = {"health", "metrics",  "admin",  "authorize",
                                              "token",  "register", "revoke", "mcp",
                                              "sse",    "messages"};

class Checker {
 public:
  Checker(const KeyLines& lines, std::vector<Problem>& out) : lines_(lines), out_(out) {}
  void fail(const std::string& key, const std::string& message) {
    out_.push_back({line_of(key), key, message});
  }
  int line_of(const std::string& key) const {
    // The key itself, else its nearest written parent (a missing key is reported at its section).
    for (std::string k = key; !k.empty();) {
      if (auto it = lines_.find(k); it != lines_.end()) return it->second;
      const size_t dot = k.rfind('.');
      if (dot == std::string::npos) break;
      k.resize(dot);
    }
    return 1;
  }

 private:
  const KeyLines& lines_;
  std::vector<Problem>& out_;
};

bool valid_origin(const std::string& origin) {
  static const std::regex kOrigin(
      R"(^https?://[A-Za-z0-9.-]+(:([0-9]{1,5}|\*))?$|^https?://\[[0-9A-Fa-f:.]+\](:([0-9]{1,5}|\*))?$)");
  return std::regex_match(origin, kOrigin);
}

void check_server(ServerConfig& server, const std::set<std::string>& unresolved_keys,
                  Checker& check) {
  std::string host;
  int port = 0;
  if (!split_listen_address(server.listen, &host, &port)) {
    check.fail("server.listen",
               fmt::format("expected host:port with a port 0..65535, got \"{}\"", server.listen));
  }
  // Empty stays empty: the listener fills it from the address it actually bound (port 0 in tests).
  if (!server.public_base_url.empty()) {
    static const std::regex kBase(
        R"(^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$|^https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$)");
    std::string base = server.public_base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (!std::regex_match(base, kBase)) {
      check.fail("server.public_base_url",
                 fmt::format("expected http(s)://host[:port] with no path, got \"{}\"",
                             server.public_base_url));
    }
    server.public_base_url = base;
  }
  for (const auto& cidr : server.trusted_proxies) {
    if (auto parsed = Cidr::parse(cidr); !parsed.is_ok()) {
      check.fail("server.trusted_proxies", parsed.status().message());
    }
  }
  for (const auto& origin : server.allowed_origins) {
    if (!valid_origin(origin)) {
      check.fail("server.allowed_origins",
                 fmt::format("expected an origin such as https://claude.ai (no path), got \"{}\"",
                             origin));
    }
  }
  if (server.audit_log.empty()) server.audit_log = server.data_dir + "/audit.log";
  if (!unresolved_keys.count("server.state_store")) {
    if (auto store = parse_state_store(server.state_store.reveal()); !store.is_ok()) {
      check.fail("server.state_store", store.status().message());
    }
  }
  if (!server.admin_listen.empty()) {
    if (!split_listen_address(server.admin_listen, &host, &port)) {
      check.fail(
          "server.admin_listen",
          fmt::format("expected host:port with a port 0..65535, got \"{}\"", server.admin_listen));
    } else if (host != "127.0.0.1" && host != "::1" && host != "localhost" &&
               server.admin_token.empty()) {
      check.fail("server.admin_listen",
                 fmt::format("{} is not a loopback address: set server.admin_token too",
                             server.admin_listen));
    }
  }
}

void check_users(const ScopeConfig& scope, const std::set<std::string>& unresolved_keys,
                 Checker& check) {
  const std::string key = "scopes." + scope.name + ".oauth.users";
  std::set<std::string> names;
  for (size_t i = 0; i < scope.oauth.users.size(); ++i) {
    const User& user = scope.oauth.users[i];
    if (!names.insert(user.name).second) {
      check.fail(key, fmt::format("user \"{}\" is listed twice", user.name));
    }
    // Refused at load rather than at the first sign-in, where it would look like a wrong password.
    const std::string hash_key = fmt::format("{}[{}].password_hash", key, i);
    if (unresolved_keys.count(hash_key)) continue;
    if (Status format = validate_password_hash(user.password_hash.reveal()); !format.is_ok()) {
      check.fail(hash_key, format.message());
    }
  }
}

void check_databases(const ScopeConfig& scope, Checker& check) {
  const std::string key = "scopes." + scope.name + ".database";
  std::set<std::string> names = {to_lower(scope.database.database)};
  static const std::regex kDatabase(R"(^[A-Za-z_][A-Za-z0-9_@#$-]{0,127}$)");
  for (const std::string& name : scope.database.extra_databases) {
    if (!std::regex_match(name, kDatabase)) {
      check.fail(
          key + ".extra_databases",
          fmt::format("expected a database name (letters, digits, _ @ # $ -), got \"{}\"", name));
    } else if (!names.insert(to_lower(name)).second) {
      check.fail(key + ".extra_databases", fmt::format("database {} is listed twice", name));
    }
  }
  if (!scope.database.impersonate) return;
  if (scope.oauth.sign_in == SignIn::kAuto || scope.oauth.users.empty()) {
    check.fail(key + ".impersonate",
               "needs oauth.users with a database_user each (sign_in: auto has no users)");
  }
  for (const User& user : scope.oauth.users) {
    if (user.database_user.empty()) {
      check.fail("scopes." + scope.name + ".oauth.users",
                 fmt::format("user \"{}\" needs a database_user (database.impersonate is true)",
                             user.name));
    }
  }
}

void check_scope(ScopeConfig& scope, const std::set<std::string>& unresolved_keys, Checker& check) {
  const std::string key = "scopes." + scope.name;
  static const std::regex kName(R"(^[a-z0-9][a-z0-9_-]{0,62}$)");
  if (!std::regex_match(scope.name, kName)) {
    check.fail(key,
               fmt::format("a scope name is 1 to 63 lowercase letters, digits, - and _, got \"{}\"",
                           scope.name));
  }
  if (scope.path.empty()) scope.path = "/" + scope.name;
  static const std::regex kPath(R"(^/[a-z0-9][a-z0-9_-]{0,62}$)");
  if (!std::regex_match(scope.path, kPath)) {
    check.fail(
        key + ".path",
        fmt::format(
            "expected / and one segment of lowercase letters, digits, - and _ (such as /demo), "
            "got \"{}\"",
            scope.path));
  } else if (kReservedNames.count(scope.path.substr(1))) {
    check.fail(key + ".path",
               fmt::format("{} is reserved for the gateway's own endpoints", scope.path));
  }
  if (scope.limits.sample_default_rows > scope.limits.sample_max_rows) {
    check.fail(
        key + ".limits.sample_default_rows",
        fmt::format("must not exceed limits.sample_max_rows ({})", scope.limits.sample_max_rows));
  }
  if (scope.limits.sample_max_rows > scope.limits.max_rows) {
    check.fail(key + ".limits.sample_max_rows",
               fmt::format("must not exceed limits.max_rows ({})", scope.limits.max_rows));
  }
  check_users(scope, unresolved_keys, check);
  check_databases(scope, check);
  std::set<std::string> clients;
  for (const auto& client : scope.oauth.clients) {
    if (!clients.insert(client.client_id).second) {
      check.fail(key + ".oauth.clients",
                 fmt::format("client \"{}\" is listed twice", client.client_id));
    }
    if (client.redirect_uris.empty()) {
      check.fail(key + ".oauth.clients",
                 fmt::format("client \"{}\" needs at least one redirect URI", client.client_id));
    }
  }
}

}  // namespace

bool split_listen_address(const std::string& listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= listen.size()) return false;
  std::string h = listen.substr(0, colon);
  if (h.front() == '[') {
    if (h.back() != ']') return false;
    h = h.substr(1, h.size() - 2);
  }
  const std::string p = listen.substr(colon + 1);
  int value = -1;
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
  if (ec != std::errc() || end != p.data() + p.size() || value < 0 || value > 65535 || h.empty())
    return false;
  *host = h;
  *port = value;
  return true;
}

std::vector<Problem> validate(Config& config, const KeyLines& lines,
                              const std::set<std::string>& unresolved_keys) {
  std::vector<Problem> problems;
  Checker check(lines, problems);
  check_server(config.server, unresolved_keys, check);
  if (config.scopes.empty()) check.fail("scopes", "define at least one scope");
  std::map<std::string, std::string> path_owner;
  for (auto& scope : config.scopes) {
    check_scope(scope, unresolved_keys, check);
    const std::string path = to_lower(scope.path);
    if (auto it = path_owner.find(path); it != path_owner.end()) {
      check.fail("scopes." + scope.name + ".path",
                 fmt::format("{} is already the path of scope {} (line {})", scope.path, it->second,
                             check.line_of("scopes." + it->second)));
    } else {
      path_owner[path] = scope.name;
    }
  }
  if (!config.server.default_scope.empty() &&
      config.find_scope(config.server.default_scope) == nullptr) {
    check.fail("server.default_scope",
               fmt::format("no scope is named \"{}\"", config.server.default_scope));
  }
  return problems;
}

}  // namespace gw::config

namespace gw::config {

const ScopeConfig* Config::find_scope(const std::string& name) const {
  for (const auto& scope : scopes) {
    if (iequals(scope.name, name)) return &scope;
  }
  return nullptr;
}

}  // namespace gw::config
