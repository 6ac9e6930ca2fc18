#include "sql/read_only_classifier.h"

#include <doctest/doctest.h>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "sql/corpus_reader.h"
#include "sql/lexer.h"

namespace {

using gw::StatusCode;
using gw::sql::classify_read_only;
using gw::sql::CorpusEntry;
using gw::sql::read_corpus;

}  // namespace

TEST_CASE("read-only corpus: every statement in read_only_allow.sql is allowed") {
  const auto entries = read_corpus("read_only_allow.sql");
  CHECK(entries.size() >= 150);
  for (const CorpusEntry& entry : entries) {
    const auto result = classify_read_only(entry.sql);
    CHECK_MESSAGE(result.is_ok(),
                  "read_only_allow.sql:" << entry.file_line << ": " << entry.sql
                                         << "\n  refused: " << result.status().to_string());
  }
}

TEST_CASE("read-only corpus: every statement in read_only_deny.sql is refused") {
  const auto entries = read_corpus("read_only_deny.sql");
  CHECK(entries.size() >= 200);
  int pinned = 0;
  for (const CorpusEntry& entry : entries) {
    const auto result = classify_read_only(entry.sql);
    CHECK_MESSAGE(!result.is_ok(), "read_only_deny.sql:" << entry.file_line << ": " << entry.sql
                                                         << "\n  was allowed");
    if (result.is_ok()) continue;
    // An entry must be refused for what it does, not for being empty.
    CHECK_MESSAGE(result.status().message() != "no SQL statement to run",
                  "read_only_deny.sql:" << entry.file_line << " holds no statement");
    if (entry.expected_message.empty()) continue;
    ++pinned;
    CHECK_MESSAGE(result.status().message() == entry.expected_message,
                  "read_only_deny.sql:" << entry.file_line << ": " << entry.sql);
  }
  CHECK(pinned >= 60);
}

TEST_CASE("confinement corpus: confine_allow.sql allowed, confine_deny.sql refused (DemoDB)") {
  const gw::sql::ReadOnlyPolicy confined{true, "DemoDB"};
  for (const CorpusEntry& entry : read_corpus("confine_allow.sql")) {
    const auto result = classify_read_only(entry.sql, confined);
    CHECK_MESSAGE(result.is_ok(),
                  "confine_allow.sql:" << entry.file_line << ": " << entry.sql
                                       << "\n  refused: " << result.status().to_string());
  }
  int refused_only_when_confined = 0;
  for (const CorpusEntry& entry : read_corpus("confine_deny.sql")) {
    const auto result = classify_read_only(entry.sql, confined);
    CHECK_MESSAGE(!result.is_ok(),
                  "confine_deny.sql:" << entry.file_line << ": " << entry.sql << "\n  was allowed");
    if (!entry.expected_message.empty() && !result.is_ok()) {
      CHECK_MESSAGE(result.status().message() == entry.expected_message,
                    "confine_deny.sql:" << entry.file_line << ": " << entry.sql);
    }
    if (classify_read_only(entry.sql).is_ok()) ++refused_only_when_confined;
  }
  CHECK(refused_only_when_confined >= 30);  // the corpus tests confinement, not the base policy
  // Confinement refuses no read of the scope's own database: of the whole allow corpus, only the
  // two entries that name another database (otherdb.dbo.t, linked.db.dbo.t) are refused confined.
  int left_the_database = 0;
  for (const CorpusEntry& entry : read_corpus("read_only_allow.sql")) {
    const auto result = classify_read_only(entry.sql, confined);
    if (result.is_ok()) continue;
    const std::string& message = result.status().message();
    const bool confinement = message.find("leaves the scope's database") != std::string::npos ||
                             message.find("four-part name") != std::string::npos;
    left_the_database += confinement ? 1 : 0;
    CHECK_MESSAGE(confinement, "read_only_allow.sql:" << entry.file_line << " (confined): "
                                                      << entry.sql << "\n  refused: " << message);
  }
  CHECK(left_the_database == 2);
}

// Variations that must never change a verdict: comments between tokens (the server ignores
// them), and ASCII case (keywords and names are case-insensitive; string contents only change).
std::string spaces_to_comments(std::string sql) {
  std::string out;
  for (char c : sql) out += c == ' ' ? std::string("/**/") : std::string(1, c);
  return out;
}

std::string ascii_case(std::string sql, bool upper) {
  for (char& c : sql) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return sql;
}

TEST_CASE("read-only corpus: comments between tokens and letter case never change a verdict") {
  for (const char* file : {"read_only_allow.sql", "read_only_deny.sql"}) {
    const bool allowed = std::string(file) == "read_only_allow.sql";
    for (const CorpusEntry& entry : read_corpus(file)) {
      for (const std::string& variant : {spaces_to_comments(entry.sql), ascii_case(entry.sql, true),
                                         ascii_case(entry.sql, false)}) {
        CHECK_MESSAGE(classify_read_only(variant).is_ok() == allowed,
                      file << ":" << entry.file_line << " variant: " << variant);
      }
    }
  }
}

TEST_CASE("read-only refusals carry a status code by kind") {
  struct Case {
    const char* sql;
    StatusCode code;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT 1;\nSELECT 2;\n  INSERT INTO t VALUES (1)", StatusCode::kPermissionDenied,
       "read-only scope: INSERT is not allowed (statement 3, line 3)"},
      {"SELECT 1 FROM t WITH (XLOCK)", StatusCode::kPermissionDenied,
       "read-only scope: table hint XLOCK is not allowed (statement 1, line 1)"},
      {"SELECT 'x", StatusCode::kInvalidArgument,
       "read-only scope: cannot check the SQL: unterminated string literal starting at line 1, "
       "column 8"},
      {"", StatusCode::kInvalidArgument, "no SQL statement to run"},
      {"  -- only a comment\n/* and another */ ;;\nGO\n", StatusCode::kInvalidArgument,
       "no SQL statement to run"},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    const auto result = classify_read_only(c.sql);
    REQUIRE_FALSE(result.is_ok());
    CHECK(result.status().code() == c.code);
    CHECK(result.status().message() == c.message);
  }
}

TEST_CASE("classification lists statements with number, batch, line and byte range") {
  const std::string sql =
      "SELECT 1 AS a;\n/* c */ WITH x AS (SELECT 2 b) SELECT b FROM x\nGO\n"
      "(SELECT 3) UNION (SELECT 4) SELECT 5";
  const auto result = classify_read_only(sql);
  REQUIRE(result.is_ok());
  REQUIRE(result->statements.size() == 4);
  CHECK(result->batch_count == 2);
  struct Expected {
    const char* keyword;
    int batch;
    int line;
    const char* text;
  };
  const Expected expected[] = {
      {"SELECT", 1, 1, "SELECT 1 AS a"},
      {"WITH", 1, 2, "WITH x AS (SELECT 2 b) SELECT b FROM x"},
      {"(", 2, 4, "(SELECT 3) UNION (SELECT 4)"},
      {"SELECT", 2, 4, "SELECT 5"},
  };
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& s = result->statements[i];
    CAPTURE(i);
    CHECK(s.number == static_cast<int>(i) + 1);
    CHECK(s.keyword == expected[i].keyword);
    CHECK(s.batch == expected[i].batch);
    CHECK(s.line == expected[i].line);
    CHECK(sql.substr(s.offset, s.length) == expected[i].text);
  }
}

TEST_CASE("the classifier refuses input over the size limit") {
  std::string sql = "SELECT 1";
  sql.resize(gw::sql::kMaxSqlBytes + 1, ' ');
  const auto result = classify_read_only(sql);
  REQUIRE_FALSE(result.is_ok());
  CHECK(result.status().code() == StatusCode::kResourceExhausted);
  CHECK(result.status().message() ==
        "read-only scope: cannot check the SQL: SQL text is too large: 1048577 bytes, the limit "
        "is 1048576");
  sql.resize(gw::sql::kMaxSqlBytes);  // exactly at the limit: classified
  CHECK(classify_read_only(sql).is_ok());
}

TEST_CASE("the classifier stays linear on hostile input near the size limit") {
  const std::size_t n = gw::sql::kMaxSqlBytes;
  const std::string inputs[] = {
      std::string(n, '('),
      std::string(n / 2, '(') + std::string(n / 2, ')'),
      "SELECT " + std::string(n - 7, '1'),
      [&] {
        std::string s;
        while (s.size() + 3 < n) s += "/*";
        return s;
      }(),
      [&] {
        std::string s;
        while (s.size() + 10 < n) s += "SELECT 1;";
        return s;
      }(),
      [&] {
        std::string s = "SELECT ";
        while (s.size() + 20 < n) s += "a UNION SELECT ";
        return s + "1";
      }(),
      [&] {
        std::string s = "SELECT '";
        while (s.size() + 4 < n) s += "''";
        return s + "'";
      }(),
  };
  for (const std::string& sql : inputs) {
    const auto start = std::chrono::steady_clock::now();
    (void)classify_read_only(sql);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CAPTURE(sql.substr(0, 20));
    // Generous for a shared 2-core machine with sanitizers; quadratic would take minutes.
    CHECK(elapsed < std::chrono::seconds(5));
  }
}

TEST_CASE("the classifier survives random bytes and random token soup") {
  std::mt19937 rng(12345);
  const std::vector<std::string> pieces = {
      "SELECT", " ",  "\n", "'",      "''",    "[",    "]",    "\"", "/*",       "*/",
      "--",     ";",  "GO", "\nGO\n", "(",     ")",    "WITH", "x",  "AS",       "FOR",
      "UPDATE", "N'", "@",  "@@",     "#",     "0x",   "1.5e", "$",  "\xC2\xA0", "\xE2\x80\x99",
      "\xFF",   ".",  ",",  "INTO",   "FETCH", "ROWS", "END",
  };
  for (int round = 0; round < 2000; ++round) {
    std::string sql;
    const int count = static_cast<int>(rng() % 40);
    for (int i = 0; i < count; ++i) {
      if (rng() % 8 == 0) {
        sql.push_back(static_cast<char>(rng() % 256));
      } else {
        sql += pieces[rng() % pieces.size()];
      }
    }
    const auto result = classify_read_only(sql);
    if (!result.is_ok()) {
      CHECK_FALSE(result.status().message().empty());
      continue;
    }
    // Whatever is allowed starts like a query in each statement.
    for (const auto& s : result->statements) {
      const bool query = s.keyword == "SELECT" || s.keyword == "WITH" || s.keyword == "(";
      CHECK_MESSAGE(query, sql);
    }
  }
}
