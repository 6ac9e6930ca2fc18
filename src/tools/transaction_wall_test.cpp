#include "tools/transaction_wall.h"

#include <doctest/doctest.h>

#include "db/result_collector.h"

namespace gw::tools {
namespace {

TEST_CASE("wall_breach: a changed id, a depth below 1 or error 3903 is a breach") {
  struct Case {
    const char* name;
    WallReadings readings;
    bool ran_to_end;
    const char* breach;  // nullptr: the transaction held
  };
  const Case cases[] = {
      {"held", {"41", "41", 1, false}, true, nullptr},
      {"held, the query nested a BEGIN", {"41", "41", 2, false}, true, nullptr},
      {"COMMIT then BEGIN TRANSACTION",
       {"41", "57", 1, false},
       true,
       "the transaction changed from id 41 to id 57: the query committed it"},
      {"COMMIT alone",
       {"41", "58", 0, false},
       true,
       "@@TRANCOUNT was 0 before the closing ROLLBACK, not 1 or more"},
      {"3903 on the closing ROLLBACK",
       {"41", "58", 0, true},
       true,
       "the closing ROLLBACK found no open transaction (error 3903): the query ended it"},
      {"3903 in a batch that stopped early",
       {"41", std::nullopt, std::nullopt, true},
       false,
       "the closing ROLLBACK found no open transaction (error 3903): the query ended it"},
      {"suffix swallowed",
       {"41", std::nullopt, std::nullopt, false},
       true,
       "the batch completed without the wall's own readings of its transaction"},
      {"stopped early (error, cap, cancel): nothing to compare",
       {"41", std::nullopt, std::nullopt, false},
       false,
       nullptr},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const auto breach = wall_breach(c.readings, c.ran_to_end);
    if (c.breach == nullptr) {
      CHECK_FALSE(breach.has_value());
    } else {
      REQUIRE(breach.has_value());
      CHECK(*breach == c.breach);
    }
  }
}

TEST_CASE("TransactionWall takes its readings out of the stream and forwards the rest") {
  db::ResultCollector collector({10, 100000});
  TransactionWall wall(collector);
  wall.begin_result_set({{"gw_wall_began", "bigint"}});
  CHECK(wall.row(nlohmann::json::array({"41"})) == db::SinkAction::kContinue);
  wall.end_result_set(1);
  // The query's own result, even one that borrows the prefix's column name.
  wall.begin_result_set({{"gw_wall_began", "bigint"}});
  CHECK(wall.row(nlohmann::json::array({"99"})) == db::SinkAction::kContinue);
  wall.end_result_set(1);
  wall.begin_result_set({{"gw_wall_now", "bigint"}, {"gw_wall_depth", "int"}});
  wall.row(nlohmann::json::array({"41", 1}));
  wall.end_result_set(1);
  wall.message({3903, 16, 1, 2, "",
                "The ROLLBACK TRANSACTION request has no corresponding BEGIN "
                "TRANSACTION."});
  REQUIRE(collector.result_sets().size() == 1);
  CHECK(collector.result_sets()[0]["rows"] == nlohmann::json::parse(R"([["99"]])"));
  CHECK(collector.rows_kept() == 1);
  CHECK(collector.errors().size() == 1);
  CHECK(wall.readings().began == "41");
  CHECK(wall.readings().now == "41");
  CHECK(wall.readings().depth == 1);
  CHECK(wall.readings().rollback_without_transaction);
}

}  // namespace
}  // namespace gw::tools
