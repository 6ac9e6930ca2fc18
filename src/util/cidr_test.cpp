#include "util/cidr.h"

#include <doctest/doctest.h>

TEST_CASE("Cidr matches addresses inside the range only") {
  struct Case {
    const char* cidr;
    const char* address;
    bool inside;
  };
  for (const Case& c :
       {Case{"127.0.0.1", "127.0.0.1", true}, Case{"127.0.0.1", "127.0.0.2", false},
        Case{"10.0.0.0/8", "10.200.3.4", true}, Case{"10.0.0.0/8", "11.0.0.1", false},
        Case{"172.16.0.0/12", "172.31.255.255", true}, Case{"172.16.0.0/12", "172.32.0.0", false},
        Case{"0.0.0.0/0", "8.8.8.8", true}, Case{"::1/128", "::1", true}, Case{"::1", "::2", false},
        Case{"fd00::/8", "fd12:3456::1", true}, Case{"127.0.0.1/32", "::1", false},
        Case{"127.0.0.0/8", "::ffff:127.0.0.9", true}, Case{"10.0.0.0/8", "not-an-ip", false}}) {
    CAPTURE(c.cidr);
    CAPTURE(c.address);
    auto cidr = gw::Cidr::parse(c.cidr);
    REQUIRE(cidr.is_ok());
    CHECK(cidr->contains(c.address) == c.inside);
  }
}

TEST_CASE("Cidr rejects malformed ranges with a clear message") {
  CHECK(gw::Cidr::parse("10.0.0.0/33").status().message() ==
        "expected a prefix length 0..32 in \"10.0.0.0/33\"");
  CHECK(gw::Cidr::parse("10.0.0/8").status().message() ==
        "expected an IP address or CIDR, got \"10.0.0/8\"");
  CHECK(gw::Cidr::parse("::/x").status().message() ==
        "expected a prefix length 0..128 in \"::/x\"");
}
