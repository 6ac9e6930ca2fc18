#include "config/reload_plan.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "config/key_table.h"
#include "config/loader.h"

namespace {

using gw::config::ScopeChange;
using gw::config::ScopePlan;

// Two scopes; each case edits one line of the text.
const std::string kBase = R"(server:
  listen: 127.0.0.1:8008
  data_dir: /var/lib/gw
scopes:
  demo:
    description: Demo data
    database: {host: db1, port: 1433, name: DemoDB, user: reader, password: pw1}
  sales:
    database: {host: db2, name: Sales, user: reader, password: pw2}
)";

gw::config::ConfigPtr load(const std::string& text) {
  auto loaded = gw::config::load_text(
      text, "tenants.yaml", [](const std::string&) -> std::optional<std::string> { return {}; });
  REQUIRE_MESSAGE(loaded.is_ok(), loaded.status().message());
  return *loaded;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("plan_reload sorts every scope into one kind of change") {
  struct Case {
    const char* what;
    std::string from;
    std::string to;
    std::vector<ScopePlan> expected;
  };
  const std::vector<Case> cases = {
      {"same file",
       "",
       "",
       {{"demo", ScopeChange::kUnchanged}, {"sales", ScopeChange::kUnchanged}}},
      {"password",
       "password: pw1",
       "password: pw9",
       {{"demo", ScopeChange::kChangedDatabase}, {"sales", ScopeChange::kUnchanged}}},
      {"user",
       "user: reader, password: pw1",
       "user: other, password: pw1",
       {{"demo", ScopeChange::kChangedDatabase}, {"sales", ScopeChange::kUnchanged}}},
      {"host",
       "host: db1",
       "host: db3",
       {{"demo", ScopeChange::kChangedDatabase}, {"sales", ScopeChange::kUnchanged}}},
      {"pool size",
       "password: pw1}",
       "password: pw1}\n    pool: {max_size: 3}",
       {{"demo", ScopeChange::kChangedDatabase}, {"sales", ScopeChange::kUnchanged}}},
      {"description",
       "Demo data",
       "Other data",
       {{"demo", ScopeChange::kChangedSettings}, {"sales", ScopeChange::kUnchanged}}},
      {"read_only",
       "description: Demo data",
       "read_only: false",
       {{"demo", ScopeChange::kChangedSettings}, {"sales", ScopeChange::kUnchanged}}},
      {"an abuse limit",
       "description: Demo data",
       "description: Demo data\n    oauth: {sign_in_failures_per_user: 50, cimd_timeout_ms: 2000}",
       {{"demo", ScopeChange::kChangedSettings}, {"sales", ScopeChange::kUnchanged}}},
      {"public_base_url rebuilds every scope",
       "  listen: 127.0.0.1:8008",
       "  listen: 127.0.0.1:8008\n  public_base_url: https://mcp.example.com",
       {{"demo", ScopeChange::kChangedSettings}, {"sales", ScopeChange::kChangedSettings}}},
      {"allowed_origins touches no scope",
       "  listen: 127.0.0.1:8008",
       "  listen: 127.0.0.1:8008\n  allowed_origins: [https://a.example]",
       {{"demo", ScopeChange::kUnchanged}, {"sales", ScopeChange::kUnchanged}}},
      {"removed",
       "  sales:\n    database: {host: db2, name: Sales, user: reader, password: pw2}\n",
       "",
       {{"demo", ScopeChange::kUnchanged}, {"sales", ScopeChange::kRemoved}}},
      {"added",
       "  sales:",
       "  extra:\n    database: {host: db4, name: X, user: u, password: p}\n  sales:",
       {{"demo", ScopeChange::kUnchanged},
        {"extra", ScopeChange::kAdded},
        {"sales", ScopeChange::kUnchanged}}},
      {"renamed: removed and added",
       "  sales:",
       "  shop:",
       {{"demo", ScopeChange::kUnchanged},
        {"shop", ScopeChange::kAdded},
        {"sales", ScopeChange::kRemoved}}},
  };
  const auto old_config = load(kBase);
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const auto new_config = load(c.from.empty() ? kBase : replaced(kBase, c.from, c.to));
    const auto plan = gw::config::plan_reload(*old_config, *new_config);
    CHECK(plan.scopes == c.expected);
    CHECK(plan.restart_needed.empty());
  }
}

TEST_CASE("restart-only server keys are reported and keep their old values") {
  const auto old_config = load(kBase);
  const auto new_config =
      load(replaced(replaced(kBase, "127.0.0.1:8008", "127.0.0.1:9009"), "/var/lib/gw", "/srv/gw"));
  const auto plan = gw::config::plan_reload(*old_config, *new_config);
  // audit_log follows data_dir when it is not set.
  CHECK(plan.restart_needed ==
        std::vector<std::string>{"server.listen", "server.data_dir", "server.audit_log"});
  CHECK(plan.scopes == std::vector<ScopePlan>{{"demo", ScopeChange::kUnchanged},
                                              {"sales", ScopeChange::kUnchanged}});
  const auto effective = gw::config::effective_config(*old_config, *new_config);
  CHECK(effective.server.listen == "127.0.0.1:8008");
  CHECK(effective.server.data_dir == "/var/lib/gw");
  CHECK(effective.server.audit_log == "/var/lib/gw/audit.log");
  CHECK(effective.scopes.size() == 2);
}

TEST_CASE("the restart-only keys are the ones the configuration reference marks") {
  std::vector<std::string> marked;
  for (const auto& key : gw::config::server_keys()) {
    if (!key.reloadable) marked.push_back("server." + std::string(key.name));
  }
  auto listed = gw::config::restart_only_keys();
  std::sort(marked.begin(), marked.end());
  std::sort(listed.begin(), listed.end());
  CHECK(marked == listed);
}

TEST_CASE("change names as logged and answered") {
  CHECK(std::string(gw::config::change_name(ScopeChange::kChangedDatabase)) == "changed_database");
  CHECK(std::string(gw::config::change_name(ScopeChange::kRemoved)) == "removed");
}
