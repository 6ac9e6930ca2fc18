#include "tools/call_session.h"

#include <doctest/doctest.h>

#include "db/result_collector.h"
#include "tools/guarded_batches.h"

namespace gw::tools {
namespace {

TEST_CASE("batch_frame sets the three keys as escaped N'' literals, NULL when unknown") {
  const BatchFrame frame = batch_frame({"o'brien", "", "demo", ""}, "@gw_cookie_1");
  CHECK(frame.context ==
        "EXEC sys.sp_set_session_context @key = N'mcp.user', @value = N'o''brien'; "
        "EXEC sys.sp_set_session_context @key = N'mcp.client', @value = NULL; "
        "EXEC sys.sp_set_session_context @key = N'mcp.scope', @value = N'demo'; ");
  CHECK_FALSE(frame.impersonates());
  CHECK(frame.clear ==
        "EXEC sys.sp_set_session_context @key = N'mcp.user', @value = NULL; "
        "EXEC sys.sp_set_session_context @key = N'mcp.client', @value = NULL; "
        "EXEC sys.sp_set_session_context @key = N'mcp.scope', @value = NULL");
  CHECK(frame.leave == ";" + frame.clear + ";SELECT 1 AS gw_session_reset");
  CHECK(frame.context.find('\n') == std::string::npos);  // error line numbers stay the caller's
}

TEST_CASE("batch_frame impersonates WITH COOKIE and reverts with it") {
  const BatchFrame frame = batch_frame({"alice", "claude", "demo", "alice_db"}, "@gw_cookie_1");
  CHECK(frame.enter ==
        "DECLARE @gw_cookie_1 varbinary(8000); EXECUTE AS USER = N'alice_db' WITH COOKIE INTO "
        "@gw_cookie_1; ");
  CHECK(frame.leave ==
        ";" + frame.clear + ";REVERT WITH COOKIE = @gw_cookie_1;SELECT 1 AS gw_session_reset");
  CHECK(framed_batch(frame, "SELECT 1") == "SET XACT_ABORT ON; " + frame.context +
                                               "SET XACT_ABORT OFF; " + frame.enter + "SELECT 1\n" +
                                               frame.leave);
}

TEST_CASE("random cookie variables differ and are T-SQL variable names") {
  const std::string a = random_cookie_variable();
  CHECK(a.rfind("@gw_cookie_", 0) == 0);
  CHECK(a.size() == 27);
  CHECK(a != random_cookie_variable());
}

TEST_CASE("guarded_batches puts the identity after XACT_ABORT and the REVERT after ROLLBACK") {
  const std::string sql = "SELECT 1";
  Result<sql::Classification> c = sql::classify_read_only(sql);
  REQUIRE(c.is_ok());
  const BatchFrame frame = batch_frame({"bob", "c", "demo", "bob_db"}, "@v");
  const std::vector<std::string> batches = guarded_batches(sql, *c, frame);
  REQUIRE(batches.size() == 1);
  CHECK(batches[0] == "SET XACT_ABORT ON; " + frame.context + frame.enter +
                          std::string(kGuardPrefix).substr(19) + "SELECT 1" +
                          std::string(kGuardSuffix) + frame.leave);
}

TEST_CASE("FrameWatch takes the marker out and decides whether to pool the connection") {
  const BatchFrame impersonating = batch_frame({"a", "", "s", "a_db"}, "@v");
  const BatchFrame plain = batch_frame({"a", "", "s", ""}, "@v");
  db::ResultCollector collector({100, 100000});
  FrameWatch watch(collector);
  watch.begin_result_set({{"n", "int"}});
  watch.row(nlohmann::json::array({1}));
  watch.end_result_set(1);
  CHECK(must_discard(impersonating, Status::ok(), watch));  // no marker yet
  CHECK_FALSE(must_discard(plain, Status::ok(), watch));
  CHECK_FALSE(watch.reset());
  watch.begin_result_set({{"gw_session_reset", "int"}});
  watch.row(nlohmann::json::array({1}));
  watch.end_result_set(1);
  CHECK(collector.result_sets().size() == 1);  // the marker is not a result
  CHECK(watch.reset());
  CHECK_FALSE(must_discard(impersonating, Status::ok(), watch));
  CHECK(must_discard(impersonating, invalid_argument("SQL error"), watch));
  watch.message({kReadOnlySessionKeyError, 16, 1, 1, "", "Cannot set key"});
  CHECK(must_discard(plain, invalid_argument("SQL error"), watch));
}

}  // namespace
}  // namespace gw::tools
