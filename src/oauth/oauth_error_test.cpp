#include "oauth/oauth_error.h"

#include <doctest/doctest.h>

namespace gw::oauth {

TEST_CASE("OAuth errors map to RFC bodies and HTTP statuses") {
  struct Case {
    Status status;
    std::string error;
    std::string description;
    int http;
  };
  const Case cases[] = {
      {oauth_error(OAuthErrorCode::kInvalidGrant, "code used"), "invalid_grant", "code used", 400},
      {oauth_error(OAuthErrorCode::kInvalidClient, "bad secret"), "invalid_client", "bad secret",
       401},
      {oauth_error(OAuthErrorCode::kInvalidTarget, "wrong resource"), "invalid_target",
       "wrong resource", 400},
      {oauth_error(OAuthErrorCode::kInvalidRedirectUri, "x"), "invalid_redirect_uri", "x", 400},
      {oauth_error(OAuthErrorCode::kTemporarilyUnavailable, "slow"), "temporarily_unavailable",
       "slow", 429},
      {unavailable("oauth store /var/x: write failed: No space left on device"),
       "temporarily_unavailable", "the authorization server cannot store this right now, try again",
       503},
      {oauth_error(OAuthErrorCode::kInvalidToken, "expired"), "invalid_token", "expired", 401},
      {oauth_error(OAuthErrorCode::kInsufficientScope, "no write"), "insufficient_scope",
       "no write", 403},
      {internal_error("boom"), "server_error", "internal error", 500},
      // The code is the Status's reason, never read back out of its message.
      {invalid_argument("invalid_grant: y"), "server_error", "internal error", 500},
  };
  for (const auto& c : cases) {
    CAPTURE(c.status.message());
    OAuthErrorBody b = to_error_body(c.status);
    CHECK(b.error == c.error);
    CHECK(b.description == c.description);
    CHECK(b.http_status == c.http);
  }
  CHECK(oauth_error(OAuthErrorCode::kInvalidClient, "x").code() == StatusCode::kUnauthenticated);
  CHECK(oauth_error(OAuthErrorCode::kInvalidGrant, "code used").message() == "code used");
  CHECK(describe(oauth_error(OAuthErrorCode::kInvalidGrant, "code used")) ==
        "invalid_grant: code used");
  CHECK(describe(internal_error("boom")) == "Internal: boom");
  CHECK(oauth_error(OAuthErrorCode::kInvalidGrant, "x").code() == StatusCode::kInvalidArgument);
}

}  // namespace gw::oauth
