#include "http/response.h"

namespace gw::http {

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

void send_error(httplib::Response& response, int status, const std::string& error,
                const std::string& message) {
  send_json(response, status, {{"error", error}, {"message", message}});
}

}  // namespace gw::http
