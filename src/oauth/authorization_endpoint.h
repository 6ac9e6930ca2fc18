#pragma once
// GET and POST /authorize without HTTP: client and redirect checks, the pending authorization that
// the sign-in form completes (CSRF token bound to it), password sign-in with lockout, consent, and
// the redirect back with code, state and iss (RFC 9207).

#include <cstdint>
#include <functional>
#include <map>
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
  std::int64_t retry_after_s = 0;  // non-zero: sent as Retry-After (a 429)
};

struct SignInLimits {
  int user_failures = 5;        // per user name ...
  int address_failures = 20;    // ... and per client address ...
  std::int64_t window_s = 900;  // ... within 15 minutes lock further attempts out
  std::int64_t pending_ttl_s = 600;
  std::size_t max_pending = 1000;
  // GET /authorize per client address: each holds a pending sign-in (or, with sign_in: auto, an
  // authorization code) and may fetch a client metadata document, so a flood from one address must
  // neither grow memory nor push other people's pending sign-ins out of max_pending. A person needs
  // a handful; a NAT of many people shares an address, hence the margin.
  int address_authorizations = 300;
  std::int64_t authorization_window_s = 600;
};

class AuthorizationEndpoint {
 public:
  AuthorizationEndpoint(TokenService& tokens, const Clock& clock, ClientResolver resolve_client,
                        std::vector<SignInUser> users, SignInMode mode, std::string scope_name,
                        SignInLimits limits = {});

  // GET /authorize with the query parameters; `address` is the client's address (for lockout).
  AuthorizeResponse begin(const Params& query, const std::string& address);
  // POST /authorize with the sign-in form.
  AuthorizeResponse submit(const Params& form, const std::string& address);

  std::size_t pending_count();

 private:
  struct Pending {
    AuthorizeRequest request;
    std::string csrf_token;
    std::int64_t expires_at = 0;
  };

  AuthorizeResponse approve(const AuthorizeRequest& request, const std::string& user);
  AuthorizeResponse show_form(const std::string& id, const Pending& p, int status,
                              const std::string& username, const std::string& error);
  Result<bool> check_password(const std::string& user, const std::string& password);
  void insert_pending(const std::string& id, Pending p);

  TokenService& tokens_;
  const Clock& clock_;
  ClientResolver resolve_client_;
  std::vector<SignInUser> users_;
  SignInMode mode_;
  std::string scope_name_;
  SignInLimits limits_;
  WindowCounter user_failures_;
  WindowCounter address_failures_;
  WindowCounter authorizations_;
  std::mutex mu_;
  std::map<std::string, Pending> pending_;
  std::string dummy_hash_;  // verified for unknown users, so timing does not tell who exists
};

// redirect_uri plus the parameters as a query (appended with '&' when it already has one).
std::string build_redirect(const std::string& redirect_uri,
                           const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace gw::oauth
