#include "oauth/pkce.h"

#include <doctest/doctest.h>

#include <string>

#include "oauth/test_vectors.h"

namespace gw::oauth {

TEST_CASE("validate_code_challenge") {
  struct Case {
    std::string challenge;
    std::string method;
    std::string error;
  };
  const Case cases[] = {
      {kChallenge, "S256", ""},
      {kChallenge, "plain", "code_challenge_method must be S256"},
      {kChallenge, "", "code_challenge_method must be S256"},
      {kChallenge, "s256", "code_challenge_method must be S256"},
      {"", "S256", "code_challenge is required (PKCE S256)"},
      {"abc", "S256", "code_challenge is not a base64url SHA-256 value"},
      {std::string(kChallenge) + "A", "S256", "code_challenge is not a base64url SHA-256 value"},
      {"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", "S256",
       "code_challenge is not a base64url SHA-256 value"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.challenge);
    CAPTURE(c.method);
    Status s = validate_code_challenge(c.challenge, c.method);
    CHECK(s.message() == c.error);
    CHECK(s.is_ok() == c.error.empty());
  }
}

TEST_CASE("verify_code_verifier") {
  struct Case {
    std::string verifier;
    std::string error;
  };
  const Case cases[] = {
      {kVerifier, ""},
      {"", "code_verifier is required"},
      {"short", "code_verifier must be 43 to 128 characters"},
      {std::string(129, 'a'), "code_verifier must be 43 to 128 characters"},
      {std::string(42, 'a') + "!", "code_verifier has a character outside RFC 7636"},
      {std::string(43, 'a'), "code_verifier does not match the code_challenge"},
      {"eBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
       "code_verifier does not match the code_challenge"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.verifier);
    Status s = verify_code_verifier(c.verifier, kChallenge);
    CHECK(s.message() == c.error);
    CHECK(s.is_ok() == c.error.empty());
  }
}

}  // namespace gw::oauth
