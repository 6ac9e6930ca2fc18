#include "db/result_encoder.h"

#include <doctest/doctest.h>

#include "db/json_text.h"
#include "db/result_collector.h"

namespace gw::db {
namespace {

using nlohmann::json;

// A row whose values are JSON texts, counting how many were read: shows where encoding stopped.
class TextRow final : public RowReader {
 public:
  explicit TextRow(std::vector<std::string> values) : values_(std::move(values)) {}
  std::size_t size() const override { return values_.size(); }
  void append_json(std::size_t index, std::string& out) const override {
    ++reads;
    out += values_[index];
  }
  mutable int reads = 0;

 private:
  std::vector<std::string> values_;
};

json finished(ResultEncoder& e) { return json::parse(e.finish()); }

TEST_CASE("ResultEncoder writes the result sets ResultCollector builds, NULLs and unicode kept") {
  const std::vector<std::vector<ColumnInfo>> columns = {
      {{"id", "int"}, {"name", "nvarchar(20)"}, {"big", "bigint"}},
      {{"", "int"}},
  };
  const std::vector<json> rows = {
      json::parse(R"([1, "Zoë 東京 🎉", "9007199254740993"])"),
      json::parse(R"([2, null, null])"),
      json::parse(R"([3, "quote \" backslash \\ tab \t", "-1"])"),
  };
  ResultCollector collector({100, 1'000'000});
  ResultEncoder encoder({100, 1'000'000}, "");
  for (RowSink* sink : {static_cast<RowSink*>(&collector), static_cast<RowSink*>(&encoder)}) {
    sink->begin_result_set(columns[0]);
    for (const json& r : rows) CHECK(sink->row(json(r)) == SinkAction::kContinue);
    sink->end_result_set(3);
    sink->begin_result_set(columns[1]);
    CHECK(sink->row(json::array({42})) == SinkAction::kContinue);
    sink->end_result_set(1);
  }
  CHECK(finished(encoder) == collector.result_sets());
  CHECK(encoder.rows_kept() == 4);
  CHECK(encoder.bytes_kept() == collector.bytes_kept());
  CHECK_FALSE(encoder.truncated());
}

TEST_CASE("ResultEncoder stops at the row cap over all result sets") {
  ResultEncoder e({3, 1'000'000}, R"({"resultSets":)");
  e.begin_result_set({{"id", "int"}});
  CHECK(e.encoded_row(TextRow({"1"})) == SinkAction::kContinue);
  CHECK(e.encoded_row(TextRow({"2"})) == SinkAction::kContinue);
  e.end_result_set(2);
  e.begin_result_set({{"name", "nvarchar(10)"}});
  CHECK(e.encoded_row(TextRow({R"("a")"})) == SinkAction::kContinue);
  TextRow past({R"("b")"});
  CHECK(e.encoded_row(past) == SinkAction::kStop);
  CHECK(past.reads == 0);
  CHECK(e.truncated_reason() == "row limit");
  CHECK(e.rows_kept() == 3);
  const json expected = json::parse(R"js({"resultSets":[
    {"columns":[{"name":"id","type":"int"}],"rows":[[1],[2]],"rowCount":2},
    {"columns":[{"name":"name","type":"nvarchar(10)"}],"rows":[["a"]],"rowCount":1}]})js");
  CHECK(json::parse(e.finish() + "}") == expected);
}

TEST_CASE("ResultEncoder stops before a row that would pass the byte cap, as ResultCollector") {
  // ["abc"] is 7 bytes, +1 separator = 8 per row.
  ResultEncoder e({100, 20}, "");
  e.begin_result_set({{"s", "varchar(3)"}});
  CHECK(e.encoded_row(TextRow({R"("abc")"})) == SinkAction::kContinue);
  CHECK(e.encoded_row(TextRow({R"("abc")"})) == SinkAction::kContinue);
  CHECK(e.encoded_row(TextRow({R"("abc")"})) == SinkAction::kStop);
  CHECK(e.truncated_reason() == "byte limit");
  CHECK(e.rows_kept() == 2);
  CHECK(e.bytes_kept() == 16);
  CHECK(e.encoded_row(TextRow({"1"})) == SinkAction::kStop);  // stays stopped
  const json expected = json::parse(R"js([{"columns":[{"name":"s","type":"varchar(3)"}],
    "rows":[["abc"],["abc"]],"rowCount":2}])js");
  CHECK(finished(e) == expected);
}

TEST_CASE("ResultEncoder stops in the middle of a row whose value passes the byte cap") {
  ResultEncoder e({100, 100}, "");
  e.begin_result_set({{"a", "int"}, {"b", "varchar(max)"}, {"c", "int"}});
  CHECK(e.encoded_row(TextRow({"1", R"("x")", "3"})) == SinkAction::kContinue);
  std::string huge;
  append_json_string(huge, std::string(500, 'y'));
  TextRow big({"2", huge, "4"});
  CHECK(e.encoded_row(big) == SinkAction::kStop);
  CHECK(big.reads == 2);  // the value after the one that passed the cap is never read
  CHECK(e.truncated_reason() == "byte limit");
  CHECK(e.rows_kept() == 1);
  const json expected = json::parse(R"js([{"columns":[{"name":"a","type":"int"},
    {"name":"b","type":"varchar(max)"},{"name":"c","type":"int"}],"rows":[[1,"x",3]],
    "rowCount":1}])js");
  CHECK(finished(e) == expected);
}

TEST_CASE("ResultEncoder: a row before any result set opens one; messages and counts kept") {
  ResultEncoder e({10, 1000}, "");
  CHECK(e.encoded_row(TextRow({"true", "null"})) == SinkAction::kContinue);
  e.statement_done(3);
  e.statement_done(std::nullopt);
  e.message({0, 0, 1, 1, "", "hello"});
  e.message({208, 16, 1, 2, "", "Invalid object name 'x'."});
  CHECK(e.rows_affected() == std::vector<std::int64_t>{3});
  REQUIRE(e.infos().size() == 1);
  CHECK(e.infos()[0].text == "hello");
  REQUIRE(e.errors().size() == 1);
  CHECK(e.errors()[0].number == 208);
  const json expected = json::parse(R"([{"columns":[],"rows":[[true,null]],"rowCount":1}])");
  CHECK(finished(e) == expected);
}

TEST_CASE("ResultEncoder with no result set writes an empty array") {
  ResultEncoder e({10, 1000}, R"({"resultSets":)");
  e.statement_done(1);
  CHECK(e.finish() == R"({"resultSets":[])");
}

}  // namespace
}  // namespace gw::db
