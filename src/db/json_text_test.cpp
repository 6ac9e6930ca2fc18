#include "db/json_text.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace gw::db {
namespace {

std::string string_text(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string double_text(double v) {
  std::string out;
  append_json_double(out, v);
  return out;
}

TEST_CASE("append_json_string writes what nlohmann::json::dump writes for the same string") {
  const char* cases[] = {"",
                         "plain",
                         "quote \" and backslash \\",
                         "controls \b\f\n\r\t",
                         "\x01\x1f\x7f",
                         "Zoë – 東京 🎉",
                         "a\0b"};
  for (const char* c : cases) {
    CAPTURE(c);
    CHECK(string_text(c) == nlohmann::json(c).dump());
  }
  CHECK(string_text(std::string_view("a\0b", 3)) == R"("a\u0000b")");
  CHECK(string_text("\x01\x1f") == R"("\u0001\u001f")");
}

TEST_CASE("append_json_string replaces each invalid UTF-8 byte with U+FFFD") {
  CHECK(string_text("a\xffz") == "\"a\xEF\xBF\xBDz\"");
  CHECK(string_text("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");                  // overlong '/'
  CHECK(string_text("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
  CHECK(string_text("\xF4\x90\x80\x80") ==
        "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");           // past U+10FFFF
  CHECK(string_text("end\xE6\x9D") == "\"end\xEF\xBF\xBD\xEF\xBF\xBD\"");  // cut short
  // The same text as nlohmann writes with error_handler_t::replace for a lone bad byte.
  CHECK(string_text("a\xffz") ==
        nlohmann::json("a\xffz").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

TEST_CASE("append_json_integer and append_json_double write numbers as nlohmann does") {
  std::string out;
  append_json_integer(out, std::numeric_limits<std::int64_t>::min());
  out += ',';
  append_json_integer(out, std::numeric_limits<std::int64_t>::max());
  out += ',';
  append_json_integer(out, 0);
  CHECK(out == "-9223372036854775808,9223372036854775807,0");
  const double doubles[] = {0.1,
                            1.0,
                            -2.5,
                            1e20,
                            1e-7,
                            123456789012345680.0,
                            3.141592653589793,
                            -0.0,
                            5e-324,
                            1.7976931348623157e308};
  for (double d : doubles) {
    CAPTURE(d);
    CHECK(double_text(d) == nlohmann::json(d).dump());
  }
  CHECK(double_text(1.0) == "1.0");
  CHECK(double_text(std::nan("")) == "null");
  CHECK(double_text(std::numeric_limits<double>::infinity()) == "null");
}

}  // namespace
}  // namespace gw::db
