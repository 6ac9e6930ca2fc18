#include "sql/statement_splitter.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

// Statements as their token texts joined by spaces, with "|" between statements and
// "#n" before a statement that opens batch n > 1.
std::string split(const std::string& sql) {
  auto lexed = gw::sql::lex(sql);
  REQUIRE_MESSAGE(lexed.is_ok(), lexed.status().to_string());
  std::vector<gw::sql::Token> tokens;
  for (const auto& t : *lexed) {
    if (t.kind != gw::sql::TokenKind::kComment) tokens.push_back(t);
  }
  auto spans = gw::sql::split_statements(tokens);
  REQUIRE_MESSAGE(spans.is_ok(), spans.status().to_string());
  std::string out;
  for (const auto& s : *spans) {
    if (!out.empty()) out += " | ";
    if (s.first_in_batch && s.batch > 1) out += "#" + std::to_string(s.batch) + " ";
    for (std::size_t i = s.begin; i < s.end; ++i) {
      out += std::string(tokens[i].text) + (i + 1 < s.end ? " " : "");
    }
  }
  return out;
}

}  // namespace

TEST_CASE("statements split at semicolons, GO and statement keywords") {
  struct Case {
    const char* sql;
    const char* statements;
  };
  const Case cases[] = {
      {"SELECT 1; SELECT 2;", "SELECT 1 | SELECT 2"},
      {";;SELECT 1;;", "SELECT 1"},
      {"SELECT 1\nGO\nSELECT 2\nGO\n\nGO\nSELECT 3", "SELECT 1 | #2 SELECT 2 | #4 SELECT 3"},
      {"SELECT 1 SELECT 2", "SELECT 1 | SELECT 2"},
      {"SELECT 1 DROP TABLE t", "SELECT 1 | DROP TABLE t"},
      {"SELECT a FROM t UNION ALL SELECT b FROM u EXCEPT SELECT c FROM v",
       "SELECT a FROM t UNION ALL SELECT b FROM u EXCEPT SELECT c FROM v"},
      {"(SELECT 1) UNION (SELECT 2) SELECT 3", "( SELECT 1 ) UNION ( SELECT 2 ) | SELECT 3"},
      {"WITH x AS (SELECT 1 a) SELECT a FROM x SELECT 2",
       "WITH x AS ( SELECT 1 a ) SELECT a FROM x | SELECT 2"},
      {"WITH x (a) AS (SELECT 1) DELETE FROM x", "WITH x ( a ) AS ( SELECT 1 ) DELETE FROM x"},
      {"SELECT 1 WITH x AS (SELECT 2) SELECT 3", "SELECT 1 | WITH x AS ( SELECT 2 ) SELECT 3"},
      {"SELECT TOP 1 WITH TIES a FROM t WITH (NOLOCK) GROUP BY a WITH ROLLUP",
       "SELECT TOP 1 WITH TIES a FROM t WITH ( NOLOCK ) GROUP BY a WITH ROLLUP"},
      {"SELECT a FROM t ORDER BY a OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY",
       "SELECT a FROM t ORDER BY a OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY"},
      {"SELECT 1 x FETCH NEXT FROM c", "SELECT 1 x | FETCH NEXT FROM c"},
      {"SELECT * FROM t FOR UPDATE", "SELECT * FROM t FOR UPDATE"},
      {"SELECT * FROM a INNER MERGE JOIN b ON 1 = 1 MERGE t USING u ON 1 = 1",
       "SELECT * FROM a INNER MERGE JOIN b ON 1 = 1 | MERGE t USING u ON 1 = 1"},
      {"SELECT CASE WHEN 1 = 1 THEN 1 END END CONVERSATION @h",
       "SELECT CASE WHEN 1 = 1 THEN 1 END | END CONVERSATION @h"},
      {"SELECT get, send FROM t GET CONVERSATION GROUP @g FROM q",
       "SELECT get , send FROM t | GET CONVERSATION GROUP @g FROM q"},
      {"SELECT * FROM t WHERE a IN (SELECT a FROM u DELETE FROM v)",
       "SELECT * FROM t WHERE a IN ( SELECT a FROM u DELETE FROM v )"},
      {"SELECT t.select FROM t", "SELECT t . select FROM t"},
      {"INSERT INTO t SELECT 1", "INSERT INTO t | SELECT 1"},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    CHECK(split(sql) == c.statements);
  }
}

TEST_CASE("unbalanced parentheses are errors with a position") {
  struct Case {
    const char* sql;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT (1", "'(' that is never closed at line 1, column 8"},
      {"SELECT ((1) ; SELECT 2)", "'(' that is never closed at line 1, column 8"},
      {"SELECT 1)", "')' without a matching '(' at line 1, column 9"},
      {"SELECT (1\nGO\n)", "'(' that is never closed at line 1, column 8"},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    auto lexed = gw::sql::lex(sql);
    REQUIRE(lexed.is_ok());
    auto spans = gw::sql::split_statements(*lexed);
    REQUIRE_FALSE(spans.is_ok());
    CHECK(spans.status().message() == c.message);
  }
}
