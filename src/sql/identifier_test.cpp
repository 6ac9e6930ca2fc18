#include "sql/identifier.h"

#include <doctest/doctest.h>

#include <string>

using gw::sql::ObjectName;
using gw::sql::parse_object_name;

TEST_CASE("quote_identifier brackets a name and doubles ]") {
  struct Case {
    const char* part;
    const char* quoted;
  };
  const Case cases[] = {
      {"Customers", "[Customers]"},
      {"weird]name", "[weird]]name]"},
      {"]]", "[]]]]]"},
      {"a[b", "[a[b]"},
      {"x; DROP TABLE t--", "[x; DROP TABLE t--]"},
      {"O'Brien \"q\"", "[O'Brien \"q\"]"},
      {"", "[]"},
      {"Straße", "[Straße]"},
  };
  for (const Case& c : cases) {
    const std::string part = c.part;
    CAPTURE(part);
    CHECK(gw::sql::quote_identifier(c.part) == c.quoted);
  }
  CHECK(gw::sql::quote_object_name({"sales", "a]b"}) == "[sales].[a]]b]");
}

TEST_CASE("quote_string_literal makes an N'' literal with ' doubled") {
  CHECK(gw::sql::quote_string_literal("abc") == "N'abc'");
  CHECK(gw::sql::quote_string_literal("it's") == "N'it''s'");
  CHECK(gw::sql::quote_string_literal("'; DROP TABLE t; --") == "N'''; DROP TABLE t; --'");
  CHECK(gw::sql::quote_string_literal("") == "N''");
  CHECK(gw::sql::quote_string_literal("日本") == "N'日本'");
}

TEST_CASE("parse_object_name accepts the names the tools take") {
  struct Case {
    const char* text;
    ObjectName expected;
  };
  const Case cases[] = {
      {"Customers", {"dbo", "Customers"}},
      {"dbo.Customers", {"dbo", "Customers"}},
      {"[dbo].[Customers]", {"dbo", "Customers"}},
      {"sales.Regions", {"sales", "Regions"}},
      {"\"dbo\".\"Customers\"", {"dbo", "Customers"}},
      {"[weird]]name]", {"dbo", "weird]name"}},
      {"[sales].Regions", {"sales", "Regions"}},
      {"sales.[Order Details]", {"sales", "Order Details"}},
      {"\"a\"\"b\"", {"dbo", "a\"b"}},
      {"[a.b].[c.d]", {"a.b", "c.d"}},
      {"  Customers \n", {"dbo", "Customers"}},
      {"_t1", {"dbo", "_t1"}},
      {"t@x$y#z", {"dbo", "t@x$y#z"}},
      {"Straße.Café", {"Straße", "Café"}},
      {"[x; DROP TABLE y]", {"dbo", "x; DROP TABLE y"}},
      {"[SELECT]", {"dbo", "SELECT"}},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const auto parsed = parse_object_name(c.text);
    REQUIRE_MESSAGE(parsed.is_ok(), parsed.status().to_string());
    CHECK(parsed->schema == c.expected.schema);
    CHECK(parsed->name == c.expected.name);
  }
}

TEST_CASE("parse_object_name refuses anything else, saying why") {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"Customers; DROP TABLE x",
       "invalid object name \"Customers; DROP TABLE x\": unexpected character ';' at position 10"},
      {"Customers DROP",
       "invalid object name \"Customers DROP\": unexpected character ' ' at "
       "position 10"},
      {"db.dbo.Customers",
       "invalid object name \"db.dbo.Customers\": too many parts: expected name or schema.name"},
      {"srv.db.dbo.Customers",
       "invalid object name \"srv.db.dbo.Customers\": too many parts: "
       "expected name or schema.name"},
      {"", "invalid object name \"\": empty name"},
      {"   ", "invalid object name \"\": empty name"},
      {".Customers", "invalid object name \".Customers\": empty name part"},
      {"dbo.", "invalid object name \"dbo.\": empty name part"},
      {"dbo..Customers", "invalid object name \"dbo..Customers\": empty name part"},
      {"[]", "invalid object name \"[]\": empty name part"},
      {"dbo.\"\"", "invalid object name \"dbo.\"\"\": empty name part"},
      {"[dbo].[Customers",
       "invalid object name \"[dbo].[Customers\": unterminated [identifier] "
       "starting at position 7"},
      {"\"dbo",
       "invalid object name \"\"dbo\": unterminated \"identifier\" starting at position 1"},
      {"[a]]", "invalid object name \"[a]]\": unterminated [identifier] starting at position 1"},
      {"[a]b", "invalid object name \"[a]b\": unexpected character 'b' at position 4"},
      {"1abc", "invalid object name \"1abc\": unexpected character '1' at position 1"},
      {"@t", "invalid object name \"@t\": unexpected character '@' at position 1"},
      {"#temp", "invalid object name \"#temp\": unexpected character '#' at position 1"},
      {"dbo.'x'", "invalid object name \"dbo.'x'\": unexpected character ''' at position 5"},
      {"a\xC2\xA0"
       "b",
       "invalid object name \"a\xC2\xA0"
       "b\": unexpected character at position 2"},
      {"a\xFF", "invalid object name: not valid UTF-8 or contains NUL"},
  };
  for (const Case& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    const auto parsed = parse_object_name(c.text);
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().code() == gw::StatusCode::kInvalidArgument);
    CHECK(parsed.status().message() == c.message);
  }
}

TEST_CASE("parse_object_name bounds parts at 128 characters") {
  CHECK(parse_object_name(std::string(128, 'a')).is_ok());
  CHECK(parse_object_name("[" + std::string(128, ']') + std::string(128, ']') + "]").is_ok());
  const auto too_long = parse_object_name("dbo." + std::string(129, 'a'));
  REQUIRE_FALSE(too_long.is_ok());
  CHECK(too_long.status().message().find("a name part is longer than 128 characters") !=
        std::string::npos);
  std::string long_unicode;
  for (int i = 0; i < 128; ++i) long_unicode += "\xC3\xBC";  // ü: 128 characters, 256 bytes
  CHECK(parse_object_name(long_unicode).is_ok());
}
