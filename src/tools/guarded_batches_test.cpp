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
  CHECK(batches[0] ==
        "SET XACT_ABORT ON; BEGIN TRANSACTION; SELECT 1;\nSELECT 2\n;ROLLBACK TRANSACTION");
  CHECK(batches[1] ==
        "SET XACT_ABORT ON; BEGIN TRANSACTION; \n\n\n\nSELECT 3\n;ROLLBACK TRANSACTION");
}

TEST_CASE("guarded_batches drops text outside the classified statements") {
  const std::string sql = "  /* lead */ SELECT 1 -- trailing";
  Result<sql::Classification> c = sql::classify_read_only(sql);
  REQUIRE(c.is_ok());
  CHECK(guarded_batches(sql, *c) ==
        std::vector<std::string>{
            "SET XACT_ABORT ON; BEGIN TRANSACTION; SELECT 1\n;ROLLBACK TRANSACTION"});
}

}  // namespace
}  // namespace gw::tools
