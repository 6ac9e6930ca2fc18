#include "tools/guarded_batches.h"

#include <doctest/doctest.h>

namespace gw::tools {
namespace {

TEST_CASE("guarded_batches wraps each GO batch and keeps line numbers") {
  const std::string sql = "SELECT 1;\nSELECT 2\nGO\n-- note\nSELECT 3";
  Result<sql::Classification> c = sql::classify_read_only(sql);
  REQUIRE(c.is_ok());
  const std::vector<std::string> batches = guarded_batches(sql, *c);
  REQUIRE(batches.size() == 2);
  const std::string prefix(kGuardPrefix);
  const std::string suffix(kGuardSuffix);
  CHECK(batches[0] == prefix + "SELECT 1;\nSELECT 2" + suffix);
  CHECK(batches[1] == prefix + "\n\n\n\nSELECT 3" + suffix);
  CHECK(suffix.rfind("\n;SELECT CURRENT_TRANSACTION_ID() AS gw_wall_now, @@TRANCOUNT AS "
                     "gw_wall_depth;ROLLBACK TRANSACTION",
                     0) == 0);
}

TEST_CASE("guarded_batches drops text outside the classified statements") {
  const std::string sql = "  /* lead */ SELECT 1 -- trailing";
  Result<sql::Classification> c = sql::classify_read_only(sql);
  REQUIRE(c.is_ok());
  CHECK(
      guarded_batches(sql, *c) ==
      std::vector<std::string>{std::string(kGuardPrefix) + "SELECT 1" + std::string(kGuardSuffix)});
}

}  // namespace
}  // namespace gw::tools
