#pragma once
// Dynamic Client Registration (RFC 7591): checks a registration request and makes the client record
// and the 201 response. Pure: the caller stores the record and rate-limits.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "oauth/records.h"
#include "oauth/redirect_uri.h"
#include "util/status.h"

namespace gw::oauth {

struct Registration {
  ClientRecord client;      // secret_hash set for confidential clients
  nlohmann::json response;  // RFC 7591 §3.2.1 body, including the one-time client_secret
};

// `body` is the request body. Refusals are OAuth errors (oauth_error.h): invalid_redirect_uri or
// invalid_client_metadata, as RFC 7591 §3.2.2 names them.
Result<Registration> register_client(std::string_view body, const RedirectPolicy& policy,
                                     std::int64_t now);

}  // namespace gw::oauth
