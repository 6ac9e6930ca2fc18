#include "app/admin.h"

#include "http/response.h"
#include "metrics/registry.h"

namespace gw::app {
namespace {

// Constant-time comparison of the bearer token (Secret::equals); an unset token admits loopback
// callers.
bool authorized(const httplib::Request& request, const Secret& token) {
  if (token.empty()) return true;
  const std::string header = request.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0)
    return false;
  return token.equals(header.substr(kBearer.size()));
}

// Writes the 401 and returns false unless the request carries the admin token (when one is set).
bool admit(const AdminActions& actions, const httplib::Request& req, httplib::Response& res) {
  if (authorized(req, actions.token())) return true;
  res.set_header("WWW-Authenticate", "Bearer");
  http::send_error(res, 401, "unauthorized", "the admin listener needs its bearer token");
  return false;
}

}  // namespace

void register_admin_routes(http::RouteTable& routes, AdminActions actions) {
  routes.add_server(
      "GET", "/metrics", [actions](const httplib::Request& req, httplib::Response& res) {
        if (!admit(actions, req, res)) return;
        res.set_content(metrics::registry().render(), "text/plain; version=0.0.4; charset=utf-8");
      });
  routes.add_server(
      "POST", "/admin/reload", [actions](const httplib::Request& req, httplib::Response& res) {
        if (!admit(actions, req, res)) return;
        auto outcome = actions.reload();
        if (!outcome.is_ok()) {
          http::send_json(
              res, 400,
              {{"error", "invalid_configuration"}, {"message", outcome.status().message()}});
          return;
        }
        http::send_json(res, 200, *outcome);
      });
}

}  // namespace gw::app
