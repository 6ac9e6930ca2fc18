#include "tools/streamed_rows.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace gw::tools {
namespace {

// What the answer's stream received, and how many audit lines were in the file at each piece.
class Pieces final : public mcp::ResultTextStream {
 public:
  explicit Pieces(std::string audit_path) : audit_path_(std::move(audit_path)) {}
  bool append(std::string_view text) override {
    std::ifstream in(audit_path_);
    int lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    audit_lines.push_back(lines);
    pieces.emplace_back(text);
    return accept;
  }
  std::vector<std::string> pieces;
  std::vector<int> audit_lines;
  bool accept = true;

 private:
  std::string audit_path_;
};

struct Fixture {
  std::string path = "/tmp/gw-streamed-rows-" + std::to_string(getpid()) + ".jsonl";
  std::unique_ptr<AuditLog> log;
  ToolSettings settings;
  mcp::ToolCallContext context;
  Fixture() {
    std::remove(path.c_str());
    auto opened = AuditLog::open(path);
    REQUIRE(opened.is_ok());
    log = std::move(*opened);
  }
  ~Fixture() { std::remove(path.c_str()); }
  std::vector<nlohmann::json> lines() const {
    std::ifstream in(path);
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
  }
};

nlohmann::json row(int i) { return {i, "row number " + std::to_string(i) + " \"quoted\""}; }

TEST_CASE("StreamedRows hands the encoder's text on in pieces, after the audit start line") {
  Fixture f;
  CallAudit audit(*f.log, f.settings, f.context, "execute_sql");
  db::ResultEncoder encoder({1'000'000, 100'000'000}, "{\"resultSets\":");
  Pieces stream(f.path);
  StreamedRows rows(encoder, &stream, audit);
  rows.begin_result_set({{"ID", "int"}, {"Label", "nvarchar(50)"}});
  for (int i = 0; i < 20'000; ++i) REQUIRE(rows.row(row(i)) == db::SinkAction::kContinue);
  rows.end_result_set(20'000);
  rows.statement_done(20'000);
  REQUIRE(stream.pieces.size() >= 5);
  std::string sent;
  for (const std::string& piece : stream.pieces) {
    CHECK(piece.size() >= mcp::kResultStreamPiece);
    CHECK(piece.size() < mcp::kResultStreamPiece + 100);  // a piece and at most a row: bounded
    sent += piece;
  }
  // The start line was in the file before the first piece, and only one was written.
  CHECK(stream.audit_lines.front() == 1);
  CHECK(stream.audit_lines.back() == 1);
  const std::string text = encoder.finish();
  CHECK(text.compare(0, sent.size(), sent) == 0);
  CHECK(nlohmann::json::parse(text + "}")["resultSets"][0]["rowCount"] == 20'000);
  const auto lines = f.lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0]["outcome"] == "streaming");
  CHECK(lines[0]["tool"] == "execute_sql");
}

TEST_CASE("StreamedRows sends nothing of a result smaller than a piece, nor without a stream") {
  Fixture f;
  CallAudit audit(*f.log, f.settings, f.context, "execute_sql");
  db::ResultEncoder encoder({1'000'000, 100'000'000}, "{\"resultSets\":");
  Pieces stream(f.path);
  StreamedRows rows(encoder, &stream, audit);
  rows.begin_result_set({{"ID", "int"}, {"Label", "nvarchar(50)"}});
  for (int i = 0; i < 100; ++i) rows.row(row(i));
  CHECK(stream.pieces.empty());
  db::ResultEncoder other({1'000'000, 100'000'000}, "{\"resultSets\":");
  StreamedRows unstreamed(other, nullptr, audit);
  unstreamed.begin_result_set({{"ID", "int"}, {"Label", "nvarchar(50)"}});
  for (int i = 0; i < 20'000; ++i) unstreamed.row(row(i));
  CHECK(f.lines().empty());  // no start line: nothing left early
}

TEST_CASE("StreamedRows stops the batch once a piece cannot be written, and caps still apply") {
  Fixture f;
  CallAudit audit(*f.log, f.settings, f.context, "execute_sql");
  db::ResultEncoder encoder({1'000'000, 100'000'000}, "{\"resultSets\":");
  Pieces stream(f.path);
  stream.accept = false;
  StreamedRows rows(encoder, &stream, audit);
  rows.begin_result_set({{"ID", "int"}, {"Label", "nvarchar(50)"}});
  db::SinkAction action = db::SinkAction::kContinue;
  int i = 0;
  while (action == db::SinkAction::kContinue && i < 20'000) action = rows.row(row(i++));
  CHECK(action == db::SinkAction::kStop);
  CHECK(rows.client_gone());
  CHECK(stream.pieces.size() == 1);
  CHECK(rows.row(row(i)) == db::SinkAction::kStop);

  // The row cap stops a streamed result as it stops any other.
  db::ResultEncoder capped({5000, 100'000'000}, "{\"resultSets\":");
  Pieces open_stream(f.path);
  StreamedRows capped_rows(capped, &open_stream, audit);
  capped_rows.begin_result_set({{"ID", "int"}, {"Label", "nvarchar(50)"}});
  action = db::SinkAction::kContinue;
  for (i = 0; action == db::SinkAction::kContinue && i < 20'000; ++i) {
    action = capped_rows.row(row(i));
  }
  CHECK(action == db::SinkAction::kStop);
  CHECK(capped.truncated_reason() == "row limit");
  CHECK(capped.rows_kept() == 5000);
  CHECK_FALSE(open_stream.pieces.empty());
  CHECK_FALSE(capped_rows.client_gone());
}

}  // namespace
}  // namespace gw::tools
