#include "sql/lexer.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using gw::sql::lex;
using gw::sql::Token;
using gw::sql::TokenKind;

// "kind:text" per token, space separated: a compact, readable expectation.
std::string describe(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out += " | ";
    switch (t.kind) {
      case TokenKind::kWord: out += "W:"; break;
      case TokenKind::kQuotedIdentifier: out += "Q:"; break;
      case TokenKind::kString: out += "S:"; break;
      case TokenKind::kNumber: out += "N:"; break;
      case TokenKind::kVariable: out += "V:"; break;
      case TokenKind::kOperator: out += "O:"; break;
      case TokenKind::kPunctuation: out += "P:"; break;
      case TokenKind::kSemicolon: out += ";"; continue;
      case TokenKind::kBatchSeparator: out += "GO:"; break;
      case TokenKind::kComment: out += "C:"; break;
    }
    out += std::string(t.text);
  }
  return out;
}

}  // namespace

TEST_CASE("lexer: token kinds and texts") {
  struct Case {
    const char* sql;
    const char* tokens;
  };
  const Case cases[] = {
      {"SELECT a, b FROM t;", "W:SELECT | W:a | P:, | W:b | W:FROM | W:t | ;"},
      {"select [my col], [a]]b] from \"dbo\".\"x\"\"y\"",
       "W:select | Q:[my col] | P:, | Q:[a]]b] | W:from | Q:\"dbo\" | P:. | Q:\"x\"\"y\""},
      {"'it''s' N'ünï' n'x' ''", "S:'it''s' | S:N'ünï' | S:n'x' | S:''"},
      {"'multi\nline'", "S:'multi\nline'"},
      {"1 1.5 .5 1. 1e10 1.5E-3 2e+5 0x1F 0X 0x",
       "N:1 | N:1.5 | N:.5 | N:1. | N:1e10 | "
       "N:1.5E-3 | N:2e+5 | N:0x1F | N:0X | N:0x"},
      {"1+2-3 1.e5 1.5.5", "N:1 | O:+ | N:2 | O:- | N:3 | N:1.e5 | N:1.5 | N:.5"},
      {"$12.50 $.5 $action $PARTITION.f",
       "N:$12.50 | N:$.5 | W:$action | W:$PARTITION | P:. | "
       "W:f"},
      {"@x @@ROWCOUNT @a_1$ #t ##g #", "V:@x | V:@@ROWCOUNT | V:@a_1$ | W:#t | W:##g | W:#"},
      {"a=b<>c!=d<=e>=f!<g!>h",
       "W:a | O:= | W:b | O:<> | W:c | O:!= | W:d | O:<= | W:e | O:>= | "
       "W:f | O:!< | W:g | O:!> | W:h"},
      {"a+=1 b::c ~d%e&f|g^h*i/j-k",
       "W:a | O:+= | N:1 | W:b | O::: | W:c | O:~ | W:d | O:% | "
       "W:e | O:& | W:f | O:| | W:g | O:^ | W:h | O:* | W:i | "
       "O:/ | W:j | O:- | W:k"},
      {"{fn x}", "P:{ | W:fn | W:x | P:}"},
      {"SELECT 1 -- c ; DROP\nX", "W:SELECT | N:1 | C:-- c ; DROP | W:X"},
      {"a -- c\r\nDROP", "W:a | C:-- c | W:DROP"},
      {"a --\r\n", "W:a | C:--"},
      {"a -- ' /* x\nb", "W:a | C:-- ' /* x | W:b"},
      {"a--\nb", "W:a | C:-- | W:b"},
      {"a /* x /* y */ z */ b", "W:a | C:/* x /* y */ z */ | W:b"},
      {"SEL/**/ECT", "W:SEL | C:/**/ | W:ECT"},
      {"a/*/ x */b", "W:a | C:/*/ x */ | W:b"},
      {"a /* ' */ b -- */ c", "W:a | C:/* ' */ | W:b | C:-- */ c"},
      {"Straße café 日本", "W:Straße | W:café | W:日本"},
      {"x\n\tGO\ny", "W:x | GO:GO | W:y"},
      {"x\ngo 12  \ny", "W:x | GO:go 12 | W:y"},
      {"x\nGO -- done\ny", "W:x | GO:GO | C:-- done | W:y"},
      {"x\r\nGO\r\ny", "W:x | GO:GO | W:y"},
      {"GO", "GO:GO"},
      {"x GO\nGO x\nGO;\n/**/GO\nGOTO",
       "W:x | W:GO | W:GO | W:x | W:GO | ; | C:/**/ | W:GO | W:GOTO"},
      {"'GO\nGO\n'", "S:'GO\nGO\n'"},
      {"", ""},
      {" \t\r\n\n\t", ""},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    const auto tokens = lex(c.sql);
    REQUIRE_MESSAGE(tokens.is_ok(), tokens.status().to_string());
    CHECK(describe(*tokens) == c.tokens);
  }
}

TEST_CASE("lexer: offsets, lines and columns") {
  const auto tokens = lex("SELECT\n  'a\nb' AS x,\n\t/* c\n */ [y]");
  REQUIRE(tokens.is_ok());
  struct Expected {
    std::size_t offset;
    int line;
    int column;
  };
  const Expected expected[] = {{0, 1, 1},  {9, 2, 3},  {15, 3, 4}, {18, 3, 7},
                               {19, 3, 8}, {22, 4, 2}, {31, 5, 5}};
  REQUIRE(tokens->size() == 7);
  for (std::size_t i = 0; i < 7; ++i) {
    CAPTURE(i);
    CHECK((*tokens)[i].offset == expected[i].offset);
    CHECK((*tokens)[i].line == expected[i].line);
    CHECK((*tokens)[i].column == expected[i].column);
  }
}

TEST_CASE("lexer: errors name what is wrong and where") {
  struct Case {
    const char* sql;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT 'abc", "unterminated string literal starting at line 1, column 8"},
      {"SELECT\n  N'abc''", "unterminated string literal starting at line 2, column 3"},
      {"SELECT [abc]]", "unterminated [identifier] starting at line 1, column 8"},
      {"SELECT \"abc", "unterminated \"identifier\" starting at line 1, column 8"},
      {"x /* a /* b */", "unterminated /* comment */ starting at line 1, column 3"},
      {"x /* -- */ y */",
       "ambiguous comment ('--' before a comment delimiter on one line) "
       "starting at line 1, column 3"},
      {"x /*\n -- /*\n */ */",
       "ambiguous comment ('--' before a comment delimiter on one line) "
       "starting at line 1, column 3"},
      {"a ` b", "unexpected character '`' at line 1, column 3"},
      {"a ! b", "unexpected character '!' at line 1, column 3"},
      {"a \\ b", "unexpected character '\\' at line 1, column 3"},
      {"a ? b", "unexpected character '?' at line 1, column 3"},
      {"a $ b", "unexpected character '$' at line 1, column 3"},
      {"a @ b", "expected a variable name after '@' at line 1, column 3"},
      {"SELECT 1eDELETE", "a number must not be followed directly by a letter at line 1, column 9"},
      {"SELECT 1e+x", "a number must not be followed directly by a letter at line 1, column 9"},
      {"SELECT 1a", "a number must not be followed directly by a letter at line 1, column 9"},
      {"SELECT 0x1FZZ", "a number must not be followed directly by a letter at line 1, column 12"},
      {"SELECT $1_", "a number must not be followed directly by a letter at line 1, column 10"},
      // Found by fuzz_sql_differential: money is decimal, so $0x is $0 then a letter.
      {"SELECT $0x", "a number must not be followed directly by a letter at line 1, column 10"},
      {"SELECT $0x1F", "a number must not be followed directly by a letter at line 1, column 10"},
      {"x\xE2\x82\xAC"
       "1",
       "unexpected character U+20AC at line 1, column 2"},
      {"a\x01",
       "U+0001 START OF HEADING is not allowed outside string literals at line 1, column 2 (byte "
       "offset 1)"},
      {"a\xC2\xA0"
       "b",
       "unexpected character U+00A0 at line 1, column 2"},
      {"\xE2\x80\x8B",
       "U+200B ZERO WIDTH SPACE is not allowed outside string literals at line 1, column 1 (byte "
       "offset 0)"},
      {"x\xEF\xBC\xB3", "unexpected character U+FF33 at line 1, column 2"},
      {"\xEF\xBB\xBFSELECT 1",
       "U+FEFF ZERO WIDTH NO-BREAK SPACE is not allowed outside string literals at line 1, column "
       "1 "
       "(byte offset 0)"},
      {"a\xE2\x80\xA8"
       "b",
       "U+2028 LINE SEPARATOR is not allowed outside string literals at line 1, column 2 (byte "
       "offset 1)"},
      {"a\n\xFF", "invalid UTF-8 at line 2, column 1"},
      {"'\xC0\xAF'", "invalid UTF-8 at line 1, column 2"},
      {"'\xED\xA0\x80'", "invalid UTF-8 at line 1, column 2"},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    const auto tokens = lex(c.sql);
    REQUIRE_FALSE(tokens.is_ok());
    CHECK(tokens.status().code() == gw::StatusCode::kInvalidArgument);
    CHECK(tokens.status().message() == c.message);
  }
  const auto nul = lex(std::string_view("SELECT '\0'", 10));
  REQUIRE_FALSE(nul.is_ok());
  CHECK(nul.status().message() ==
        "U+0000 NULL is not allowed anywhere in the text at line 1, column 9 (byte offset 8)");
}

TEST_CASE("lexer: Unicode inside strings, identifiers and comments is data") {
  const auto tokens =
      lex("N'\xC2\xA0\xE2\x80\x99' [\xC2\xA0\xE2\x80\x99] -- \xE3\x80\x80\n/* \xE3\x80\x80 */");
  REQUIRE(tokens.is_ok());
  CHECK(tokens->size() == 4);
}

// SQL Server ends a '--' comment at the line break; a reader that ends it at another character
// (or does not) runs text the other reads as comment. Outside string literals only printable
// characters, TAB, LF and CR+LF are accepted, so LF is the only line break left.
TEST_CASE("lexer: outside string literals, control, format and line-break characters are refused") {
  struct Case {
    const char* sql;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT 1 AS probe --\v'\nCOMMIT TRANSACTION; UPDATE Categories SET CategoryName = 'X' "
       "WHERE CategoryID = 3; BEGIN TRANSACTION --'",
       "U+000B VERTICAL TAB is not allowed outside string literals at line 1, column 21 (byte "
       "offset 20)"},
      {"SELECT 1 --\f'\nDELETE FROM t --'",
       "U+000C FORM FEED is not allowed outside string literals at line 1, column 12 (byte offset "
       "11)"},
      {"SELECT 1 --\r'\nDELETE FROM t --'",
       "U+000D CARRIAGE RETURN not followed by LINE FEED is not allowed outside string literals at "
       "line 1, column 12 (byte offset 11)"},
      {"SELECT 1 --\xC2\x85'\nDELETE FROM t --'",
       "U+0085 NEXT LINE is not allowed outside string literals at line 1, column 12 (byte offset "
       "11)"},
      {"SELECT 1\r\n--\xE2\x80\xA8'",
       "U+2028 LINE SEPARATOR is not allowed outside string literals at line 2, column 3 (byte "
       "offset 12)"},
      {"SELECT 1 --\xE2\x80\xA9",
       "U+2029 PARAGRAPH SEPARATOR is not allowed outside string literals at line 1, column 12 "
       "(byte offset 11)"},
      {"SELECT 1 /* a\n b \xE2\x80\xAE */",
       "U+202E RIGHT-TO-LEFT OVERRIDE is not allowed outside string literals at line 2, column 4 "
       "(byte offset 17)"},
      {"SELECT [a\xE2\x80\x8B"
       "b] FROM t",
       "U+200B ZERO WIDTH SPACE is not allowed outside string literals at line 1, column 10 (byte "
       "offset 9)"},
      {"SELECT \"a\fb\" FROM t",
       "U+000C FORM FEED is not allowed outside string literals at line 1, column 10 (byte offset "
       "9)"},
      {"SELECT\v1",
       "U+000B VERTICAL TAB is not allowed outside string literals at line 1, column 7 (byte "
       "offset "
       "6)"},
      {"SELECT 1\rDELETE FROM t",
       "U+000D CARRIAGE RETURN not followed by LINE FEED is not allowed outside string literals at "
       "line 1, column 9 (byte offset 8)"},
      {"SELECT 1 -- \x1B[2K",
       "U+001B ESCAPE is not allowed outside string literals at line 1, column 13 (byte offset "
       "12)"},
      {"SELECT 1 -- \x7F",
       "U+007F DELETE is not allowed outside string literals at line 1, column 13 (byte offset "
       "12)"},
      {"SELECT 1 -- \xC2\x9B",
       "U+009B CONTROL SEQUENCE INTRODUCER is not allowed outside string literals at line 1, "
       "column "
       "13 (byte offset 12)"},
      {"SEL\xE2\x81\xA6"
       "ECT 1",
       "U+2066 LEFT-TO-RIGHT ISOLATE is not allowed outside string literals at line 1, column 4 "
       "(byte offset 3)"},
      {"SELECT 1 AS x\xC2\xAD",
       "U+00AD SOFT HYPHEN is not allowed outside string literals at line 1, column 14 (byte "
       "offset "
       "13)"},
      {"SELECT 1\xE2\x80\x8D",
       "U+200D ZERO WIDTH JOINER is not allowed outside string literals at line 1, column 9 (byte "
       "offset 8)"},
      {"SELECT 1 -- \xF3\xA0\x81\x81",
       "U+E0041 (a format character) is not allowed outside string literals at line 1, column 13 "
       "(byte offset 12)"},
      {"SELECT @a\xE2\x80\x8C",
       "U+200C ZERO WIDTH NON-JOINER is not allowed outside string literals at line 1, column 10 "
       "(byte offset 9)"},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    const auto tokens = lex(c.sql);
    REQUIRE_FALSE(tokens.is_ok());
    CHECK(tokens.status().code() == gw::StatusCode::kInvalidArgument);
    CHECK(tokens.status().message() == c.message);
  }
}

TEST_CASE("lexer: words that Unicode folding turns into a keyword are refused") {
  struct Case {
    const char* sql;
    const char* message;
  };
  const Case cases[] = {
      {"\xC5\xBF"
       "elect 1",
       "the word \xC5\xBF"
       "elect reads as the keyword SELECT under Unicode case folding or compatibility "
       "normalisation at line 1, column 1"},
      {"SELECT 1;\n\xC4\xB1nsert INTO t VALUES (1)",
       "the word \xC4\xB1nsert reads as the keyword INSERT under Unicode case folding or "
       "compatibility normalisation at line 2, column 1"},
      {"SELECT * FROM t WITH (TABLOC\xE2\x84\xAA)",
       "the word TABLOC\xE2\x84\xAA reads as the keyword TABLOCK under Unicode case folding or "
       "compatibility normalisation at line 1, column 23"},
      {"\xEF\xBC\xB3\xEF\xBC\xA5\xEF\xBC\xAC\xEF\xBC\xA5\xEF\xBC\xA3\xEF\xBC\xB4 1",
       "the word \xEF\xBC\xB3\xEF\xBC\xA5\xEF\xBC\xAC\xEF\xBC\xA5\xEF\xBC\xA3\xEF\xBC\xB4 reads as "
       "the keyword SELECT under Unicode case folding or compatibility normalisation at line 1, "
       "column 1"},
      {"\xF0\x9D\x90\x83\xF0\x9D\x90\x91\xF0\x9D\x90\x8E\xF0\x9D\x90\x8F TABLE t",
       "the word \xF0\x9D\x90\x83\xF0\x9D\x90\x91\xF0\x9D\x90\x8E\xF0\x9D\x90\x8F reads as the "
       "keyword DROP under Unicode case folding or compatibility normalisation at line 1, column "
       "1"},
      {"\xE2\x85\xAE"
       "ELETE FROM t",
       "the word \xE2\x85\xAE"
       "ELETE reads as the keyword DELETE under Unicode case folding or compatibility "
       "normalisation at line 1, column 1"},
      // A fullwidth letter that folds to no keyword is still a look-alike.
      {"SELECT \xEF\xBD\x98", "unexpected character U+FF58 at line 1, column 8"},
  };
  for (const Case& c : cases) {
    const std::string sql = c.sql;
    CAPTURE(sql);
    const auto tokens = lex(c.sql);
    REQUIRE_FALSE(tokens.is_ok());
    CHECK(tokens.status().message() == c.message);
  }
  // Names with letters that fold to no keyword stay names.
  const auto names =
      lex("SELECT Stra\xC3\x9F"
          "e, \xC5\xBF"
          "omething FROM t");
  REQUIRE_MESSAGE(names.is_ok(), names.status().to_string());
  CHECK(names->size() == 6);
}

TEST_CASE("lexer: inside string literals every character but NUL is data") {
  const std::string controls =
      "\v\f\r\x01\x1B\x7F\xC2\x85\xC2\x9B\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\x8B\xE2\x80\xAE\xEF\xBB"
      "\xBF";
  const std::string sql = "SELECT '" + controls + "' AS a, N'--" + controls + "'\r\n";
  const auto tokens = lex(sql);  // the tokens view into sql
  REQUIRE_MESSAGE(tokens.is_ok(), tokens.status().to_string());
  REQUIRE(tokens->size() == 6);
  CHECK(gw::sql::string_value((*tokens)[1]) == controls);
  CHECK(gw::sql::string_value((*tokens)[5]) == "--" + controls);
}

TEST_CASE("lexer: values of quoted tokens") {
  const auto tokens = lex("[a]]b] \"c\"\"d\" 'e''f' N'g' plain");
  REQUIRE(tokens.is_ok());
  REQUIRE(tokens->size() == 5);
  CHECK(gw::sql::identifier_value((*tokens)[0]) == "a]b");
  CHECK(gw::sql::identifier_value((*tokens)[1]) == "c\"d");
  CHECK(gw::sql::string_value((*tokens)[2]) == "e'f");
  CHECK(gw::sql::string_value((*tokens)[3]) == "g");
  CHECK(gw::sql::identifier_value((*tokens)[4]) == "plain");
  CHECK(gw::sql::is_keyword((*tokens)[4], "PLAIN"));
  CHECK_FALSE(gw::sql::is_keyword((*tokens)[0], "A]B"));
}

TEST_CASE("lexer: refuses input over the limit") {
  const auto tokens = lex(std::string(gw::sql::kMaxSqlBytes + 1, ' '));
  REQUIRE_FALSE(tokens.is_ok());
  CHECK(tokens.status().code() == gw::StatusCode::kResourceExhausted);
  CHECK(tokens.status().message() == "SQL text is too large: 1048577 bytes, the limit is 1048576");
}
