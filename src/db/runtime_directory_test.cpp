#include "db/runtime_directory.h"

#include <unistd.h>

#include <doctest/doctest.h>

#include <fstream>
#include <set>

namespace gw::db {
namespace {

// A fresh directory standing in for $TMPDIR.
std::filesystem::path scratch_dir() {
  char pattern[] = "/tmp/runtime-directory-test.XXXXXX";
  REQUIRE(mkdtemp(pattern) != nullptr);
  return pattern;
}

TEST_CASE("stale runtime directories of processes that no longer exist are removed, nothing else") {
  const std::filesystem::path temp = scratch_dir();
  for (const char* name :
       {"mssql-mcp-gateway-100", "mssql-mcp-gateway-200", "mssql-mcp-gateway-300",
        "mssql-mcp-gateway-12x", "mssql-mcp-gateway-", "mssql-mcp-gateway-0", "other-100"}) {
    std::filesystem::create_directories(temp / name);
    std::ofstream(temp / name / "freetds.conf") << "[global]\n";
  }
  std::ofstream(temp / "mssql-mcp-gateway-400") << "a file, not a directory";
  const std::set<pid_t> alive = {200};
  const int removed =
      remove_stale_runtime_directories(temp, 300, [&](pid_t pid) { return alive.count(pid) > 0; });
  CHECK(removed == 1);
  CHECK_FALSE(std::filesystem::exists(temp / "mssql-mcp-gateway-100"));
  CHECK(std::filesystem::exists(temp / "mssql-mcp-gateway-200"));  // alive
  CHECK(std::filesystem::exists(temp / "mssql-mcp-gateway-300"));  // ourselves
  CHECK(std::filesystem::exists(temp / "mssql-mcp-gateway-12x"));
  CHECK(std::filesystem::exists(temp / "mssql-mcp-gateway-"));
  CHECK(std::filesystem::exists(temp / "mssql-mcp-gateway-0"));
  CHECK(std::filesystem::exists(temp / "other-100"));
  CHECK(std::filesystem::exists(temp / "mssql-mcp-gateway-400"));
  CHECK(runtime_directory(temp, 42) == temp / "mssql-mcp-gateway-42");
  std::filesystem::remove_all(temp);
}

TEST_CASE("process_exists sees this process and not an unused id") {
  CHECK(process_exists(getpid()));
  // Linux's pid_max is at most 4194304 (proc(5)), so this id is never in use.
  CHECK_FALSE(process_exists(4194304 + 17));
}

}  // namespace
}  // namespace gw::db
