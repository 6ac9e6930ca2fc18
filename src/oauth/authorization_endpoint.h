#pragma once
// GET and POST /authorize without HTTP: client and redirect checks, the pending authorization that
// the sign-in form completes (CSRF token bound to it), password sign-in with lockout, consent, and
// the redirect back with code, state and iss (RFC 9207).

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "oauth/authorize_request.h"
#include "oauth/params.h"
#include "oauth/token_service.h"
#include "oauth/window_counter.h"
#include "util/clock.h"

namespace gw::oauth {

struct SignInUser {
  std::string name;
  std::string password_hash;  // scrypt$… (password.h)
};

enum class SignInMode { kPassword, kAuto };

// Finds a client by id: the store, or a client ID metadata document. Errors are shown on a page.
using ClientResolver = std::function<Result<ClientRecord>(const std::string& client_id)>;

// What the HTTP layer sends: a redirect (302 to `location`) or an HTML page with `status`.
struct AuthorizeResponse {
  int status = 200;
  std::string location;  // non-empty: 302
  std::string html;
  std::int64_t retry_after_s = 0;  // non-zero: sent as Retry-After (a 429 or 503)
  std::string refusal;             // why it was refused, for the metrics; "" when not or obvious
};

struct SignInLimits {
  // Failed sign-ins within window_s that throttle further attempts (answered 429 at once, with
  // Retry-After, until the window ends): per user name and client address, per client address
  // whatever the user name, and per user name from everywhere, a higher ceiling against guessing
  // spread over many addresses. A user whose name is being guessed elsewhere still signs in from
  // a clean address while the per-user count is below its ceiling.
  int user_address_failures = 5;
  int address_failures = 20;
  int user_failures = 100;
  std::int64_t window_s = 900;
  std::int64_t pending_ttl_s = 600;
  // Pending sign-ins (forms shown, not yet submitted) per client address and per scope
  // (Store::put_pending_sign_in says which go first when a bound is reached).
  std::size_t max_pending_per_address = 50;
  std::size_t max_pending = 1000;
  // GET /authorize per client address: each holds a pending sign-in (or, with sign_in: auto, an
  // authorization code) and may fetch a client metadata document, so a flood from one address must
  // not turn into fetches or memory. A person needs a handful; a NAT of many people shares an
  // address, hence the margin.
  int address_authorizations = 300;
  std::int64_t authorization_window_s = 600;
  // Retry-After of a 503 when too many client metadata documents are being fetched: about one
  // fetch's deadline.
  std::int64_t metadata_retry_after_s = 5;
};

class AuthorizationEndpoint {
 public:
  AuthorizationEndpoint(TokenService& tokens, const Clock& clock, ClientResolver resolve_client,
                        std::vector<SignInUser> users, SignInMode mode, std::string scope_name,
                        SignInLimits limits = {});

  // GET /authorize with the query parameters; `address` is the client's address (the one the
  // trusted-proxy rules give), for the rate limit and the pending sign-in bound.
  AuthorizeResponse begin(const Params& query, const std::string& address);
  // POST /authorize with the sign-in form.
  AuthorizeResponse submit(const Params& form, const std::string& address);

  // Live pending sign-ins of `address`; "" counts the whole scope.
  std::size_t pending_count(const std::string& address = "");

 private:
  AuthorizeResponse approve(const AuthorizeRequest& request, const std::string& user);
  // The page for a client that could not be resolved (unknown, or its metadata document failed).
  AuthorizeResponse client_refused(const Status& status) const;
  AuthorizeResponse show_form(const std::string& id, const AuthorizeRequest& request,
                              const std::string& csrf_token, int status,
                              const std::string& username, const std::string& error);
  Result<bool> check_password(const std::string& user, const std::string& password);
  // Seconds until this user may try again from this address (0: now), and the limit that says so
  // (the refusal reason: locked_out_user_address, locked_out_address or locked_out_user).
  struct Throttle {
    std::int64_t wait_s = 0;
    const char* reason = "";
  };
  Throttle throttled_for(const std::string& user, const std::string& address);
  void record_failure(const std::string& user, const std::string& address);

  TokenService& tokens_;
  const Clock& clock_;
  ClientResolver resolve_client_;
  std::vector<SignInUser> users_;
  SignInMode mode_;
  std::string scope_name_;
  SignInLimits limits_;
  WindowCounter user_address_failures_;
  WindowCounter address_failures_;
  WindowCounter user_failures_;
  WindowCounter authorizations_;
  std::mutex mu_;
  std::string dummy_hash_;  // verified for unknown users, so timing does not tell who exists
};

// redirect_uri plus the parameters as a query (appended with '&' when it already has one).
std::string build_redirect(const std::string& redirect_uri,
                           const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace gw::oauth
