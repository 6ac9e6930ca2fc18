#include "config/password_format.h"

#include <doctest/doctest.h>

namespace gw::config {

namespace {
// RFC 7914 §12's second vector (password "password", salt "NaCl", N=1024, r=8, p=16), first 32
// bytes of the key: a hash whose every part is known.
constexpr const char* kSalt = "TmFDbA";
constexpr const char* kHash = "_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWI";

std::string with(const std::string& n, const std::string& r, const std::string& p,
                 const std::string& salt = kSalt, const std::string& hash = kHash) {
  return "scrypt$" + n + "$" + r + "$" + p + "$" + salt + "$" + hash;
}
}  // namespace

TEST_CASE("a well-formed hash parses into its parts") {
  auto parsed = parse_password_hash(with("1024", "8", "16"));
  REQUIRE(parsed.is_ok());
  CHECK(parsed->params.n == 1024);
  CHECK(parsed->params.r == 8);
  CHECK(parsed->params.p == 16);
  CHECK(parsed->salt == "NaCl");
  CHECK(parsed->hash.size() == kPasswordHashBytes);
  CHECK(validate_password_hash(with("2", "1", "1")).is_ok());
  CHECK(validate_password_hash(with("1048576", "32", "16")).is_ok());
}

TEST_CASE("malformed hashes: each fault named, the text never quoted") {
  const std::string format =
      "expected scrypt$N$r$p$salt$hash (make one with `mssql-mcp-gateway hash-password`)";
  const std::string numbers = "N, r and p must be whole numbers";
  const std::string range =
      "scrypt parameters out of range (N a power of two 2..1048576, r 1..32, p 1..16)";
  const std::string salt_b64 = "the salt is not base64url (RFC 4648 §5, no padding)";
  const std::string hash_b64 = "the hash is not base64url (RFC 4648 §5, no padding)";
  const std::string hash_len = "the hash is not 32 bytes (43 base64url characters)";
  struct Case {
    std::string encoded;
    std::string message;
  };
  const Case cases[] = {
      // bad prefix or shape
      {"", format},
      {"hunter2", format},  // a password pasted where its hash belongs
      {"bcrypt$1024$8$16$TmFDbA$" + std::string(kHash), format},
      {"SCRYPT$1024$8$16$TmFDbA$" + std::string(kHash), format},
      {"$1024$8$16$TmFDbA$" + std::string(kHash), format},
      {with("1024", "8", "16") + "$extra", format},
      // truncated
      {"scrypt$1024$8$16$TmFDbA", format},
      {"scrypt$1024", format},
      {with("1024", "8", "16", kSalt, "_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3"), hash_len},
      {with("1024", "8", "16", kSalt, "AAAA"), hash_len},
      {with("1024", "8", "16", kSalt, ""), hash_len},
      {with("1024", "8", "16", kSalt, std::string(kHash) + "AAAA"), hash_len},
      {with("1024", "8", "16", "TmFD"), "the salt is shorter than 4 bytes"},
      {with("1024", "8", "16", ""), "the salt is shorter than 4 bytes"},
      // bad numbers
      {with("x", "8", "16"), numbers},
      {with("", "8", "16"), numbers},
      {with("1024", "-8", "16"), numbers},
      {with("1024", "8", "16x"), numbers},
      {with(" 1024", "8", "16"), numbers},
      {with("+1024", "8", "16"), numbers},
      {with("99999999999999999999999", "8", "16"), numbers},
      {with("1000", "8", "16"), range},
      {with("1", "8", "16"), range},
      {with("0", "8", "16"), range},
      {with("2097152", "8", "16"), range},
      {with("1024", "0", "16"), range},
      {with("1024", "33", "16"), range},
      {with("1024", "8", "0"), range},
      {with("1024", "8", "17"), range},
      // bad base64
      {with("1024", "8", "16", "Tm+DbA"), salt_b64},
      {with("1024", "8", "16", "TmFDbA=="), salt_b64},
      {with("1024", "8", "16", "TmFDb"), salt_b64},
      {with("1024", "8", "16", kSalt, "_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWI="), hash_b64},
      {with("1024", "8", "16", kSalt, "/bq+HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MWI"), hash_b64},
      {with("1024", "8", "16", kSalt, "_bq-HJ00cgB4VucZDQHp_nxq18vII3gw53N2Y0s3MW"), hash_b64},
  };
  for (const auto& c : cases) {
    CAPTURE(c.encoded);
    auto parsed = parse_password_hash(c.encoded);
    REQUIRE_FALSE(parsed.is_ok());
    CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    CHECK(parsed.status().message() == c.message);
    CHECK(validate_password_hash(c.encoded).message() == c.message);
  }
}

}  // namespace gw::config
