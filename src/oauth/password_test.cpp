#include "oauth/password.h"

#include <doctest/doctest.h>

namespace gw::oauth {

namespace {
const config::ScryptParams kFast{1024, 8,
                                 1};  // keeps the unit tests fast; production uses the default
}

TEST_CASE("hash_password then verify_password") {
  auto h = hash_password("correct horse", kFast);
  REQUIRE(h.is_ok());
  CHECK(h->rfind("scrypt$1024$8$1$", 0) == 0);
  CHECK(verify_password("correct horse", *h).value());
  CHECK_FALSE(verify_password("correct hors", *h).value());
  CHECK_FALSE(verify_password("", *h).value());
  auto h2 = hash_password("correct horse", kFast);
  CHECK(*h2 != *h);  // fresh salt each time
}

TEST_CASE("the default parameters are the production cost") {
  auto h = hash_password("pw");
  REQUIRE(h.is_ok());
  CHECK(h->rfind("scrypt$32768$8$1$", 0) == 0);
  CHECK(verify_password("pw", *h).value());
}

TEST_CASE("RFC 7914 §12 test vector through the format") {
  // scrypt("password", "NaCl", N=1024, r=8, p=16, dkLen=64): first 32 bytes.
  // fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162
  std::string hash = "scrypt$1024$8$16$TmFDbA$_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWI";
  CHECK(verify_password("password", hash).value());
  CHECK_FALSE(verify_password("Password", hash).value());
}

TEST_CASE("verify_password names a malformed hash as a password hash problem") {
  // The format's own cases are in password_format_test.cpp; verify only prefixes them.
  auto r = verify_password("x", "plaintext");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == StatusCode::kInvalidArgument);
  CHECK(r.status().message() ==
        "password hash: expected scrypt$N$r$p$salt$hash (make one with `mssql-mcp-gateway "
        "hash-password`)");
  r = verify_password("x", "scrypt$1024$8$1$c2FsdHNhbHQ$AAAA");
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().message() ==
        "password hash: the hash is not 32 bytes (43 base64url characters)");
}

}  // namespace gw::oauth
