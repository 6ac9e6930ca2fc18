#include "http/client_address.h"

#include <doctest/doctest.h>

namespace gw::http {
namespace {

TEST_CASE("client_address believes X-Forwarded-For only from a trusted proxy, its last entry") {
  struct Case {
    const char* forwarded_for;
    bool trusted;
    const char* expected;
  };
  const Case cases[] = {
      {"", false, "10.0.0.9"},
      {"203.0.113.7", false, "10.0.0.9"},  // an untrusted peer's header is its own word
      {"203.0.113.7", true, "203.0.113.7"},
      {"1.1.1.1, 203.0.113.7", true, "203.0.113.7"},  // the client's claim, then the proxy's
      {"1.1.1.1,203.0.113.7 ", true, "203.0.113.7"},
      {"", true, "10.0.0.9"},
      {" , ", true, "10.0.0.9"},
      {"2001:db8::1", true, "2001:db8::1"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.forwarded_for);
    CHECK(client_address("10.0.0.9", c.forwarded_for, c.trusted) == c.expected);
  }
}

}  // namespace
}  // namespace gw::http
