#include "http/request_framing.h"

#include <doctest/doctest.h>

#include <string>

namespace gw::http {
namespace {

struct Case {
  const char* name;
  std::string head;
  BodyFraming expected;
};

}  // namespace

TEST_CASE("request framing: the header section decides how the body is read") {
  const Case cases[] = {
      {"GET without length", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", BodyFraming::kNone},
      {"POST without length", "POST /mcp HTTP/1.1\r\nHost: x\r\n\r\n", BodyFraming::kNone},
      {"bare line feeds", "POST /mcp HTTP/1.1\nHost: x\n\n", BodyFraming::kNone},
      {"length within", "POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n", BodyFraming::kLength},
      {"length at the limit", "POST / HTTP/1.1\r\ncontent-length:  1024 \r\n\r\n",
       BodyFraming::kLength},
      {"length past", "POST / HTTP/1.1\r\nCONTENT-LENGTH: 1025\r\n\r\n", BodyFraming::kTooLarge},
      {"length overflows", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
       BodyFraming::kTooLarge},
      {"length longer than any number",
       "POST / HTTP/1.1\r\nContent-Length: " + std::string(80, '9') + "\r\n\r\n",
       BodyFraming::kTooLarge},
      {"length not a number: the parser refuses it",
       "POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n", BodyFraming::kLength},
      {"chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", BodyFraming::kChunked},
      {"chunked wins over length",
       "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
       BodyFraming::kChunked},
      {"a name that only starts alike", "POST / HTTP/1.1\r\nContent-Lengthy: 5000\r\n\r\n",
       BodyFraming::kNone},
      {"a request target that looks like a header", "POST /content-length:9999 HTTP/1.1\r\n\r\n",
       BodyFraming::kNone},
      {"not finished", "POST / HTTP/1.1\r\nContent-Length: 5\r\n", BodyFraming::kHeadersIncomplete},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    RequestFraming framing(1024);
    CHECK(framing.feed(c.head) == c.head.size());
    CHECK(framing.framing() == c.expected);
  }
}

TEST_CASE("request framing: feeding stops at the end of the header section") {
  RequestFraming framing(1024);
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string pipelined = head + "GET /next HTTP/1.1\r\n\r\n";
  CHECK(framing.feed(pipelined) == head.size());
  CHECK(framing.framing() == BodyFraming::kNone);
  framing.reset();
  CHECK(framing.in_headers());
  const std::string large = "POST / HTTP/1.1\r\nContent-Length: 2000\r\n\r\n";
  std::size_t used = 0;
  for (char c : large) used += framing.feed(std::string_view(&c, 1));
  CHECK(used == large.size());
  CHECK(framing.framing() == BodyFraming::kTooLarge);
}

TEST_CASE("request framing: the header section is bounded") {
  RequestFraming framing(1024);
  const std::string endless =
      "GET / HTTP/1.1\r\n" + std::string(RequestFraming::kMaxHeaderBytes, 'a');
  CHECK(framing.feed(endless) == RequestFraming::kMaxHeaderBytes + 1);
  CHECK(framing.framing() == BodyFraming::kHeadersTooLarge);
}

TEST_CASE("request framing: chunked bodies are counted against the limit with room for framing") {
  RequestFraming framing(32 * 1024);
  CHECK(framing.count_chunked(32 * 1024));
  CHECK(framing.count_chunked(1024 + 1024));
  CHECK_FALSE(framing.count_chunked(1));
  framing.reset();
  CHECK(framing.count_chunked(100));
}

}  // namespace gw::http
