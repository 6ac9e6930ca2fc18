#pragma once
// Request parameters of the OAuth endpoints: form bodies (RFC 6749 Appendix B), JSON bodies (some
// clients send them to /token), query strings, and HTTP Basic client credentials (RFC 6749 §2.3.1).

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace gw::oauth {

// Name -> value; each name at most once (RFC 6749 §3.1: parameters MUST NOT be repeated).
using Params = std::map<std::string, std::string, std::less<>>;

// `a=1&b=x+y%21`: '+' is a space, %XX is decoded; a repeated name or a bad escape is refused.
Result<Params> parse_form(std::string_view body);

// Pairs already decoded (e.g. httplib's query multimap); refuses a repeated name.
Result<Params> params_from_pairs(const std::vector<std::pair<std::string, std::string>>& pairs);

// A JSON object body: string values are taken as is, numbers and booleans as their JSON text,
// anything else (nested objects, arrays) is refused.
Result<Params> parse_json_params(std::string_view body);

// `key` or "" when absent.
std::string param(const Params& p, std::string_view key);

// Percent-decoding of one form component ('+' -> ' '). nullopt-like error for a bad escape.
Result<std::string> form_decode(std::string_view text);
std::string form_encode(std::string_view text);  // for redirect query strings

struct BasicCredentials {
  std::string client_id;
  std::string client_secret;
};
// `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1 form-encodes
// both parts before base64). Returns NotFound when the header is not Basic at all.
Result<BasicCredentials> parse_basic_authorization(std::string_view header);

}  // namespace gw::oauth
