#include "app/cli.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <openssl/crypto.h>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/migrate_state.h"
#include "app/serve.h"
#include "config/key_table.h"
#include "config/loader.h"
#include "db/freetds_connection.h"
#include "db/freetds_runtime.h"
#include "db/login_privileges.h"
#include "deploy/nginx_config.h"
#include "oauth/password.h"
#include "tools/scope_tools.h"

namespace gw::app {
namespace {

constexpr const char* kUsage =
    "usage: mssql-mcp-gateway <command> [options]\n"
    "\n"
    "An MCP gateway that lets AI assistants query Microsoft SQL Server, one scope per tenant.\n"
    "\n"
    "commands:\n"
    "  serve --config FILE [--listen HOST:PORT]   serve every scope of FILE until SIGTERM or "
    "SIGINT\n"
    "  check --config FILE [--connect]            validate FILE and list the scopes it defines;\n"
    "                                             --connect: log in to each scope's database and\n"
    "                                             print what its login can write\n"
    "  config-reference                           print every tenants.yaml key as a Markdown "
    "table\n"
    "  migrate-state --config FILE --to URL       copy clients and live tokens from the journals\n"
    "                                             into Redis (URL may name ${VAR}s)\n"
    "  hash-password                              read a password on stdin, print its scrypt hash "
    "for\n"
    "                                             oauth.users[].password_hash\n"
    "  nginx-config --config FILE [--server-name NAME] [--upstream HOST:PORT]...\n"
    "               [--listen-address ADDR] [--http-port N] [--https-port N]\n"
    "               [--certificate PEM] [--certificate-key PEM]\n"
    "                                             print the NGINX site config "
    "(conf.d/default.conf) for FILE\n"
    "\n"
    "options:\n"
    "  --help      show this help\n"
    "  --version   show the version\n";

// --name VALUE pairs after the command; returns false (and prints why) on anything unexpected.
bool parse_flags(const std::vector<std::string>& args, const std::vector<std::string>& allowed,
                 std::vector<std::pair<std::string, std::string>>* out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool known = false;
    for (const auto& name : allowed) known = known || a == name;
    if (!known) {
      std::fprintf(stderr, "unknown option \"%s\"\n\n%s", a.c_str(), kUsage);
      return false;
    }
    if (i + 1 >= args.size()) {
      std::fprintf(stderr, "%s needs a value\n", a.c_str());
      return false;
    }
    out->emplace_back(a, args[++i]);
  }
  return true;
}

// check --connect: what each scope's login can write (db/login_privileges.h). False when a scope
// cannot be checked, or must not serve (read-only, require_read_only_login, a login that writes).
bool check_logins(const config::Config& c) {
  if (Status st = db::ensure_freetds_initialized(); !st.is_ok()) {
    std::fprintf(stderr, "FreeTDS: %s\n", st.message().c_str());
    return false;
  }
  bool ok = true;
  for (const auto& s : c.scopes) {
    auto connector =
        db::FreeTdsConnector::create(s.name, tools::connection_settings_from(s.database));
    if (!connector) {
      std::printf("  %-16s login: cannot check: %s\n", s.path.c_str(),
                  connector.status().message().c_str());
      ok = false;
      continue;
    }
    db::Pool pool(s.name, std::move(*connector), {1, 1000});
    auto found = db::check_login_privileges(
        pool, std::int64_t{s.database.login_timeout_s + s.database.query_timeout_s} * 1000);
    if (!found) {
      std::printf("  %-16s login: cannot check: %s\n", s.path.c_str(),
                  found.status().message().c_str());
      ok = false;
      continue;
    }
    if (found->empty()) {
      std::printf("  %-16s login: read-only (no write permission found)\n", s.path.c_str());
      continue;
    }
    const bool refuses = s.read_only && s.database.require_read_only_login;
    std::printf("  %-16s login: CAN WRITE%s\n", s.path.c_str(),
                !s.read_only ? " (read-write scope)"
                : refuses    ? " (read-only scope: it will refuse to serve)"
                             : " (read-only scope: health reports it degraded)");
    for (const std::string& f : *found) std::printf("  %-16s   %s\n", "", f.c_str());
    if (refuses) ok = false;
  }
  return ok;
}

int check(const std::string& path, bool connect) {
  // Like `nginx -t`, check validates a file on a machine that need not hold the production secrets:
  // an unset
  // ${VAR} is named (serve refuses to start without it) but does not fail the check.
  std::set<std::string> unset;
  auto loaded = config::load_file(path, config::process_environment(), &unset);
  if (!loaded.is_ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
    return 1;
  }
  const config::Config& c = **loaded;
  std::printf("%s: OK, %zu scope%s\n", path.c_str(), c.scopes.size(),
              c.scopes.size() == 1 ? "" : "s");
  for (const auto& s : c.scopes) {
    const auto& db = s.database;
    std::printf("  %-16s %s on %s:%d as %s, %s, sign-in: %s (%zu user%s)\n", s.path.c_str(),
                db.database.c_str(), db.host.c_str(), db.port, db.user.c_str(),
                s.read_only ? "read-only" : "read-write",
                s.oauth.sign_in == config::SignIn::kAuto ? "auto" : "password",
                s.oauth.users.size(), s.oauth.users.size() == 1 ? "" : "s");
    if (s.development.allow_unauthenticated_methods ||
        s.development.allow_unauthenticated_tools_call) {
      std::printf("  %-16s warning: development flags let clients in without a token\n", "");
    }
    if (s.oauth.sign_in == config::SignIn::kAuto) {
      std::printf("  %-16s warning: oauth.sign_in is auto: every authorization is approved\n", "");
    }
  }
  for (const auto& name : unset) {
    std::printf(
        "note: environment variable %s is not set here; serve refuses to start without it\n",
        name.c_str());
  }
  if (connect) {
    std::printf("logins:\n");
    if (!check_logins(c)) return 1;
  }
  return 0;
}

int nginx_config(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> flags;
  if (!parse_flags(args,
                   {"--config", "--server-name", "--upstream", "--listen-address", "--http-port",
                    "--https-port", "--certificate", "--certificate-key"},
                   &flags)) {
    return 2;
  }
  std::string path = "tenants.yaml";
  deploy::NginxOptions options;
  for (const auto& [name, value] : flags) {
    if (name == "--config") path = value;
    if (name == "--server-name") options.server_name = value;
    if (name == "--upstream") options.upstreams.push_back(value);
    if (name == "--listen-address") options.listen_address = value;
    if (name == "--certificate") options.certificate = value;
    if (name == "--certificate-key") options.certificate_key = value;
    if (name == "--http-port" || name == "--https-port") {
      int port = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (ec != std::errc() || end != value.data() + value.size() || port < 1 || port > 65535) {
        std::fprintf(stderr, "%s: expected a port 1..65535, got \"%s\"\n", name.c_str(),
                     value.c_str());
        return 2;
      }
      (name == "--http-port" ? options.http_port : options.https_port) = port;
    }
  }
  // The generated file names no secret, so unset ${VAR}s need not be set to render it.
  std::set<std::string> unset;
  auto loaded = config::load_file(path, config::process_environment(), &unset);
  if (!loaded.is_ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
    return 1;
  }
  std::fputs(deploy::render_nginx_config(**loaded, options).c_str(), stdout);
  return 0;
}

// The password comes on stdin (one line), never on the command line where ps and shell history see
// it.
int hash_password_command() {
  std::string password;
  if (!std::getline(std::cin, password) || password.empty()) {
    std::fprintf(stderr, "hash-password: give the password on standard input\n");
    return 2;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auto hash = oauth::hash_password(password);
  OPENSSL_cleanse(password.data(), password.size());
  if (!hash.is_ok()) {
    std::fprintf(stderr, "hash-password: %s\n", hash.status().message().c_str());
    return 1;
  }
  std::printf("%s\n", hash->c_str());
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "--version") {
    std::printf("mssql-mcp-gateway %s\n", GATEWAY_VERSION);
    return 0;
  }
  std::vector<std::pair<std::string, std::string>> flags;
  if (command == "serve") {
    if (!parse_flags(args, {"--config", "--listen"}, &flags)) return 2;
    ServeOptions options;
    for (const auto& [name, value] : flags) {
      (name == "--config" ? options.config_path : options.listen_override) = value;
    }
    return serve(options);
  }
  if (command == "check") {
    std::vector<std::string> rest;
    bool connect = false;
    for (const std::string& a : args) {
      if (a == "--connect") {
        connect = true;
      } else {
        rest.push_back(a);
      }
    }
    if (!parse_flags(rest, {"--config"}, &flags)) return 2;
    return check(flags.empty() ? "tenants.yaml" : flags.back().second, connect);
  }
  if (command == "nginx-config") return nginx_config(args);
  if (command == "migrate-state") {
    if (!parse_flags(args, {"--config", "--to"}, &flags)) return 2;
    std::string path = "tenants.yaml", to;
    for (const auto& [name, value] : flags) (name == "--config" ? path : to) = value;
    if (to.empty()) {
      std::fprintf(stderr, "migrate-state: --to redis://… is required\n");
      return 2;
    }
    return migrate_state(path, to);
  }
  if (command == "hash-password") return hash_password_command();
  if (command == "config-reference") {
    std::fputs(config::reference_markdown().c_str(), stdout);
    return 0;
  }
  std::fprintf(stderr, "unknown command \"%s\"\n\n%s", command.c_str(), kUsage);
  return 2;
}

}  // namespace gw::app
