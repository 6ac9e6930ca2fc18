#include "oauth/sign_in_page.h"

namespace gw::oauth {
namespace {

constexpr std::string_view kHead = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>{TITLE}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f4f5;margin:0;padding:2rem 1rem;color:#18181b}
main{max-width:26rem;margin:0 auto;background:#fff;border-radius:.5rem;padding:1.5rem 2rem;
box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.25rem}label{display:block;margin-top:1rem;font-weight:600}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;
margin-top:.25rem}
.buttons{margin-top:1.5rem;display:flex;gap:.75rem}button{padding:.5rem 1rem;font-size:1rem}
.error{background:#fee2e2;color:#991b1b;padding:.5rem .75rem;border-radius:.25rem}
.warn{background:#fef3c7;padding:.5rem .75rem;border-radius:.25rem}code{word-break:break-all}
</style></head><body><main>
)";

std::string head(std::string_view title) {
  std::string h(kHead);
  h.replace(h.find("{TITLE}"), 7, html_escape(title));
  return h;
}

std::string hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + html_escape(value) +
         "\">\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_sign_in_page(const SignInView& v) {
  std::string client = v.client_name.empty() ? v.client_id : v.client_name;
  std::string page = head("Sign in to " + v.scope_name);
  page += "<h1>Sign in to <em>" + html_escape(v.scope_name) + "</em></h1>\n";
  page += "<p><strong>" + html_escape(client) +
          "</strong> asks to query this database on your behalf.</p>\n";
  page += "<p>After you sign in you will be sent to <strong><code>" + html_escape(v.redirect_host) +
          "</code></strong>.</p>\n";
  if (v.loopback_redirect) {
    page +=
        "<p class=\"warn\">This application runs on your own computer (localhost). Allow it "
        "only if you started it yourself.</p>\n";
  }
  if (!v.granted_scope.empty()) {
    page += "<p>Access: <code>" + html_escape(v.granted_scope) + "</code></p>\n";
  }
  if (!v.error.empty())
    page += "<p class=\"error\" role=\"alert\">" + html_escape(v.error) + "</p>\n";
  page += "<form method=\"post\" action=\"" + html_escape(v.form_action) + "\">\n";
  page += hidden("request_id", v.request_id);
  page += hidden("csrf_token", v.csrf_token);
  page +=
      "<label for=\"username\">User name</label>\n"
      "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\" "
      "autofocus value=\"" +
      html_escape(v.username) +
      "\">\n"
      "<label for=\"password\">Password</label>\n"
      "<input type=\"password\" id=\"password\" name=\"password\" "
      "autocomplete=\"current-password\">\n"
      "<div class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"allow\">Sign in "
      "and allow</button>\n"
      "<button type=\"submit\" name=\"action\" value=\"deny\" formnovalidate>Deny</button>"
      "</div>\n</form>\n</main></body></html>\n";
  return page;
}

std::string render_error_page(std::string_view title, std::string_view message) {
  return head(title) + "<h1>" + html_escape(title) + "</h1>\n<p class=\"error\">" +
         html_escape(message) + "</p>\n</main></body></html>\n";
}

}  // namespace gw::oauth
