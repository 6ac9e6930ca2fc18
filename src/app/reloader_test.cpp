#include "app/reloader.h"

#include <doctest/doctest.h>

#include "app/test_scope_config.h"
#include "config/loader.h"
#include "db/freetds_runtime.h"
#include "mcp/scope_endpoint.h"
#include "tools/audit_log.h"

namespace gw::app {
namespace {

using testing::ConfigFile;
using testing::scope_entry;

ScopePtr find(const CurrentScopes& current, const std::string& name) {
  for (const auto& s : current.get()->scopes()) {
    if (s->name() == name) return s;
  }
  return nullptr;
}

}  // namespace

TEST_CASE(
    "Reloader keeps unchanged scopes, rebuilds changed ones, retires removed ones, refuses bad "
    "files") {
  REQUIRE(db::ensure_freetds_initialized().is_ok());
  ConfigFile file;
  file.write(scope_entry("keep", "p") + scope_entry("change", "p") + scope_entry("drop", "p"));
  auto audit = tools::AuditLog::disabled();
  CurrentScopes current;
  Reloader reloader(file.path(), "http://127.0.0.1:1", *audit, current);
  auto loaded = config::load_file(file.path());
  REQUIRE(loaded.is_ok());
  REQUIRE(reloader.start(*loaded).is_ok());
  const auto keep = find(current, "keep");
  const auto change = find(current, "change");
  const auto drop = find(current, "drop");

  file.write(scope_entry("keep", "p") + scope_entry("change", "p2") + scope_entry("add", "p"));
  auto summary = reloader.reload("test");
  REQUIRE(summary.is_ok());
  CHECK(summary->at("scopes") == nlohmann::json{{"keep", "unchanged"},
                                                {"change", "changed_database"},
                                                {"add", "added"},
                                                {"drop", "removed"}});
  CHECK(find(current, "keep") == keep);
  REQUIRE(find(current, "change") != nullptr);
  CHECK(find(current, "change") != change);
  CHECK(find(current, "drop") == nullptr);
  CHECK(find(current, "add") != nullptr);
  CHECK(drop->mcp()->retired());
  CHECK_FALSE(change->mcp()->retired());
  // The replacement took over the MCP sessions of the scope it replaced.
  auto session = change->mcp()->sessions().create("2025-11-25", "owner", false);
  REQUIRE(session.is_ok());
  CHECK(find(current, "change")->mcp()->sessions().find((*session)->id(), "owner") == *session);

  const auto before = current.get();
  file.write(scope_entry("keep", "p") + "    pool: {max_size: 20x}\n");
  auto refused = reloader.reload("test");
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().message() ==
        file.path() + ":7:22: scopes.keep.pool.max_size: expected an integer 1..1000, got \"20x\"");
  CHECK(current.get() == before);
}

}  // namespace gw::app
