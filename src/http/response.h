#pragma once
// JSON bodies for the gateway's own HTTP errors and documents.

#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace gw::http {

void send_json(httplib::Response& response, int status, const nlohmann::json& body);
// {"error": error, "message": message}: the shape of every non-protocol HTTP error the gateway
// answers.
void send_error(httplib::Response& response, int status, const std::string& error,
                const std::string& message);

}  // namespace gw::http
