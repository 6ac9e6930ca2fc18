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

// An encoder behind a StreamedRows, on a stream of its own or on none, with a result set begun.
struct Streamed {
  db::ResultEncoder encoder;
  Pieces stream;
  StreamedRows rows;
  Streamed(const Fixture& f, CallAudit& audit, bool with_stream = true,
           std::int64_t max_rows = 1'000'000)
      : encoder({max_rows, 100'000'000}, "{\"resultSets\":"),
        stream(f.path),
        rows(encoder, with_stream ? &stream : nullptr, audit) {
    rows.begin_result_set({{"ID", "int"}, {"Label", "nvarchar(50)"}});
  }
};

TEST_CASE("StreamedRows hands the encoder's text on in pieces, after the audit start line") {
  Fixture f;
  CallAudit audit(*f.log, f.settings, f.context, "execute_sql");
  Streamed s(f, audit);
  for (int i = 0; i < 20'000; ++i) REQUIRE(s.rows.row(row(i)) == db::SinkAction::kContinue);
  s.rows.end_result_set(20'000);
  s.rows.statement_done(20'000);
  REQUIRE(s.stream.pieces.size() >= 5);
  std::string sent;
  for (const std::string& piece : s.stream.pieces) {
    CHECK(piece.size() >= mcp::kResultStreamPiece);
    CHECK(piece.size() < mcp::kResultStreamPiece + 100);  // a piece and at most a row: bounded
    sent += piece;
  }
  // The start line was in the file before the first piece, and only one was written.
  CHECK(s.stream.audit_lines.front() == 1);
  CHECK(s.stream.audit_lines.back() == 1);
  const std::string text = s.encoder.finish();
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
  Streamed small(f, audit);
  for (int i = 0; i < 100; ++i) small.rows.row(row(i));
  CHECK(small.stream.pieces.empty());
  Streamed unstreamed(f, audit, /*with_stream=*/false);
  for (int i = 0; i < 20'000; ++i) unstreamed.rows.row(row(i));
  CHECK(unstreamed.stream.pieces.empty());
  CHECK(f.lines().empty());  // no start line: nothing left early
}

TEST_CASE("StreamedRows stops the batch once a piece cannot be written, and caps still apply") {
  Fixture f;
  CallAudit audit(*f.log, f.settings, f.context, "execute_sql");
  Streamed refused(f, audit);
  refused.stream.accept = false;
  db::SinkAction action = db::SinkAction::kContinue;
  int i = 0;
  while (action == db::SinkAction::kContinue && i < 20'000) action = refused.rows.row(row(i++));
  CHECK(action == db::SinkAction::kStop);
  CHECK(refused.rows.client_gone());
  CHECK(refused.stream.pieces.size() == 1);
  CHECK(refused.rows.row(row(i)) == db::SinkAction::kStop);

  // The row cap stops a streamed result as it stops any other.
  Streamed capped(f, audit, true, 5000);
  action = db::SinkAction::kContinue;
  for (i = 0; action == db::SinkAction::kContinue && i < 20'000; ++i) {
    action = capped.rows.row(row(i));
  }
  CHECK(action == db::SinkAction::kStop);
  CHECK(capped.encoder.truncated_reason() == "row limit");
  CHECK(capped.encoder.rows_kept() == 5000);
  CHECK_FALSE(capped.stream.pieces.empty());
  CHECK_FALSE(capped.rows.client_gone());
}

}  // namespace
}  // namespace gw::tools
