#include "tools/audit_log.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>
#include <nlohmann/json.hpp>

namespace gw::tools {
namespace {

AuditRecord sample() {
  AuditRecord r;
  r.scope = "demo";
  r.client_id = "client-1";
  r.user = "alice";
  r.tool = "execute_sql";
  r.query = "SELECT 1";
  r.rows = 1;
  r.duration_ms = 7;
  r.outcome = "ok";
  return r;
}

TEST_CASE("AuditLog::format writes one JSON object with every field") {
  CHECK(
      AuditLog::format(sample(), 1'700'000'000) ==
      R"({"time":"2023-11-14T22:13:20Z","scope":"demo","client_id":"client-1","user":"alice",)"
      R"("tool":"execute_sql","query":"SELECT 1","table":null,"rows":1,"duration_ms":7,"outcome":"ok",)"
      R"("error":null})");
  AuditRecord r = sample();
  r.query.reset();
  r.table = "dbo.Customers";
  r.outcome = "invalid";
  r.error = "Table 'x' was not found";
  const auto line = nlohmann::json::parse(AuditLog::format(r, 0));
  CHECK(line["table"] == "dbo.Customers");
  CHECK(line["query"].is_null());
  CHECK(line["error"] == "Table 'x' was not found");
  CHECK(line["time"] == "1970-01-01T00:00:00Z");
}

TEST_CASE("AuditLog::format escapes text as a JSON serializer does") {
  // The reference: the same object serialized by nlohmann::json, invalid UTF-8 replaced.
  const std::string texts[] = {"plain",
                               "quote \" backslash \\ slash /",
                               std::string("controls \b\f\n\r\t \x01 \x1f \x7f") + '\0' + "end",
                               "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
                               "invalid \xff\xfe and cut \xe2\x82",
                               ""};
  for (const std::string& text : texts) {
    CAPTURE(text);
    AuditRecord r = sample();
    r.user = text;
    r.query = text;
    r.error = text;
    r.database = text.empty() ? "" : "db";
    r.database_user = text;
    nlohmann::ordered_json expected = {{"time", "2023-11-14T22:13:20Z"},
                                       {"scope", r.scope},
                                       {"client_id", r.client_id},
                                       {"user", text},
                                       {"tool", r.tool},
                                       {"query", text},
                                       {"table", nullptr},
                                       {"rows", r.rows},
                                       {"duration_ms", r.duration_ms},
                                       {"outcome", r.outcome},
                                       {"error", text}};
    if (!r.database.empty()) expected["database"] = r.database;
    if (!r.database_user.empty()) expected["database_user"] = text;
    CHECK(AuditLog::format(r, 1'700'000'000) ==
          expected.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  }
}

TEST_CASE("AuditLog appends whole lines from many threads") {
  const std::string path = "/tmp/gw-audit-test-" + std::to_string(getpid()) + ".jsonl";
  std::remove(path.c_str());
  ManualClock clock;
  {
    auto log = AuditLog::open(path, clock);
    REQUIRE(log.is_ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 50; ++i) (*log)->write(sample());
      });
    }
    for (auto& t : threads) t.join();
  }
  {
    auto log = AuditLog::open(path, clock);  // reopening appends
    REQUIRE(log.is_ok());
    (*log)->write(sample());
  }
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    CHECK(nlohmann::json::parse(line)["scope"] == "demo");
    ++lines;
  }
  CHECK(lines == 201);
  std::remove(path.c_str());
}

TEST_CASE("AuditLog::open names the path it cannot open") {
  auto log = AuditLog::open("/nonexistent-dir/audit.jsonl");
  REQUIRE_FALSE(log.is_ok());
  CHECK(log.status().message() ==
        "cannot open audit log /nonexistent-dir/audit.jsonl: No such file or directory");
}

}  // namespace
}  // namespace gw::tools
