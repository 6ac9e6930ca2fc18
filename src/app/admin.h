#pragma once
// The admin listener's routes: GET /metrics (Prometheus) and POST /admin/reload. Bound to loopback
// by default (server.admin_listen); with server.admin_token set, every admin request must carry it
// as a Bearer. A refused reload answers 400 {"error":"invalid_configuration","message":<the
// loader's lines>}.

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/route_table.h"
#include "util/secret.h"
#include "util/status.h"

namespace gw::app {

struct AdminActions {
  // Loads and applies tenants.yaml again; returns a JSON summary, or the Status naming what is
  // wrong.
  std::function<Result<nlohmann::json>()> reload;
  // server.admin_token of the running configuration (empty: loopback callers need none).
  std::function<Secret()> token;
};

void register_admin_routes(http::RouteTable& routes, AdminActions actions);

}  // namespace gw::app
