#include "db/result_collector.h"

#include <doctest/doctest.h>

namespace gw::db {
namespace {

TEST_CASE("ResultCollector keeps rows up to the row cap, then stops") {
  ResultCollector c({3, 1'000'000});
  c.begin_result_set({{"id", "int"}});
  CHECK(c.row(nlohmann::json::array({1})) == SinkAction::kContinue);
  CHECK(c.row(nlohmann::json::array({2})) == SinkAction::kContinue);
  c.end_result_set(2);
  c.begin_result_set({{"name", "nvarchar(10)"}});
  CHECK(c.row(nlohmann::json::array({"a"})) == SinkAction::kContinue);
  CHECK_FALSE(c.truncated());
  CHECK(c.row(nlohmann::json::array({"b"})) == SinkAction::kStop);
  CHECK(c.truncated());
  CHECK(c.truncated_reason() == "row limit");
  CHECK(c.rows_kept() == 3);
  CHECK(c.result_sets().size() == 2);
  CHECK(c.result_sets()[1]["rows"] == nlohmann::json::parse(R"([["a"]])"));
  CHECK(c.result_sets()[1]["rowCount"] == 1);
  CHECK(c.result_sets()[0]["columns"] == nlohmann::json::parse(R"([{"name":"id","type":"int"}])"));
}

TEST_CASE("ResultCollector stops before a row that would pass the byte cap") {
  // ["abc"] is 7 bytes, +1 separator = 8 per row.
  ResultCollector c({100, 20});
  c.begin_result_set({{"s", "varchar(3)"}});
  CHECK(c.row(nlohmann::json::array({"abc"})) == SinkAction::kContinue);
  CHECK(c.row(nlohmann::json::array({"abc"})) == SinkAction::kContinue);
  CHECK(c.row(nlohmann::json::array({"abc"})) == SinkAction::kStop);
  CHECK(c.truncated_reason() == "byte limit");
  CHECK(c.rows_kept() == 2);
  CHECK(c.bytes_kept() == 16);
}

TEST_CASE("ResultCollector separates errors from PRINT messages and records DML counts") {
  ResultCollector c({10, 1000});
  c.statement_done(3);
  c.message({0, 0, 1, 1, "", "hello"});
  c.message({208, 16, 1, 2, "", "Invalid object name 'x'."});
  CHECK(c.rows_affected() == std::vector<std::int64_t>{3});
  REQUIRE(c.infos().size() == 1);
  CHECK(c.infos()[0].text == "hello");
  REQUIRE(c.errors().size() == 1);
  CHECK(c.errors()[0].number == 208);
}

}  // namespace
}  // namespace gw::db
