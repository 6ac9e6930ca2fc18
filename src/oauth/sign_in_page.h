#pragma once
// The server-rendered sign-in and consent page of GET /authorize, and the error page shown while
// the redirect URI is not trusted. Plain HTML forms, no JavaScript; every value is HTML-escaped.

#include <string>
#include <string_view>

namespace gw::oauth {

struct SignInView {
  std::string scope_name;   // "demo"
  std::string client_name;  // as registered; "" shows the client_id instead
  std::string client_id;
  std::string redirect_host;  // CIMD § Security: the consent screen must show where the code goes
  bool loopback_redirect = false;
  std::string granted_scope;
  std::string form_action;  // the authorization endpoint
  std::string request_id;   // the pending authorization
  std::string csrf_token;
  std::string username;  // re-filled after a failed attempt
  std::string error;     // "" or a message for the person
};

std::string render_sign_in_page(const SignInView& view);
std::string render_error_page(std::string_view title, std::string_view message);
std::string html_escape(std::string_view text);

}  // namespace gw::oauth
