#include "app/reloader.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "config/loader.h"
#include "db/freetds_runtime.h"
#include "mcp/scope_endpoint.h"
#include "tools/audit_log.h"

namespace gw::app {
namespace {

// A tenants.yaml in a fresh directory; no database is contacted (pools open connections lazily).
class ConfigFile {
 public:
  ConfigFile() {
    dir_ =
        std::filesystem::temp_directory_path() / ("gw-reloader-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  ~ConfigFile() { std::filesystem::remove_all(dir_); }
  std::string path() const { return (dir_ / "tenants.yaml").string(); }
  void write(const std::string& scopes) const {
    std::ofstream(path()) << "server:\n  data_dir: " << (dir_ / "data").string() << "\nscopes:\n"
                          << scopes;
  }

 private:
  std::filesystem::path dir_;
};

std::string scope(const std::string& name, const std::string& password,
                  const std::string& description = "d") {
  return "  " + name + ":\n    description: " + description +
         "\n    database: {host: 127.0.0.1, port: 9, " +
         "name: Db, user: u, password: " + password + "}\n";
}

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
  file.write(scope("keep", "p") + scope("change", "p") + scope("drop", "p"));
  auto audit = tools::AuditLog::disabled();
  CurrentScopes current;
  Reloader reloader(file.path(), "http://127.0.0.1:1", *audit, current);
  auto loaded = config::load_file(file.path());
  REQUIRE(loaded.is_ok());
  REQUIRE(reloader.start(*loaded).is_ok());
  const auto keep = find(current, "keep");
  const auto change = find(current, "change");
  const auto drop = find(current, "drop");

  file.write(scope("keep", "p") + scope("change", "p2") + scope("add", "p"));
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
  file.write(scope("keep", "p") + "    pool: {max_size: 20x}\n");
  auto refused = reloader.reload("test");
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().message() ==
        file.path() + ":7:22: scopes.keep.pool.max_size: expected an integer 1..1000, got \"20x\"");
  CHECK(current.get() == before);
}

}  // namespace gw::app
