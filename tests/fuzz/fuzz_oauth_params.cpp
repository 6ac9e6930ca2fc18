// Fuzz target: the OAuth request parameter parsers (form bodies and query strings, RFC 6749
// Appendix B; JSON bodies; HTTP Basic client credentials, RFC 6749 §2.3.1) accept or refuse any
// bytes, and what they accept round-trips: encoding the parsed pairs and parsing again gives them
// back, and form_decode undoes form_encode.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "oauth/params.h"
#include "util/base64.h"

namespace {

std::string encode_form(const gw::oauth::Params& params) {
  std::string body;
  for (const auto& [name, value] : params) {
    if (!body.empty()) body += '&';
    body += gw::oauth::form_encode(name) + "=" + gw::oauth::form_encode(value);
  }
  return body;
}

void check_form(std::string_view text) {
  auto form = gw::oauth::parse_form(text);
  if (!form) {
    gw::fuzz::require(!form.status().message().empty(), "a refused form says why");
    return;
  }
  auto again = gw::oauth::parse_form(encode_form(*form));
  gw::fuzz::require(again.is_ok() && *again == *form, "a parsed form round-trips");
}

// Standard base64 with padding (RFC 4648 §4), from the URL-safe unpadded form util/base64.h makes.
std::string base64(std::string_view bytes) {
  std::string out = gw::base64url_encode(bytes);
  for (char& c : out) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (out.size() % 4 != 0) out += '=';
  return out;
}

void check_basic(std::string_view text) {
  auto basic = gw::oauth::parse_basic_authorization(text);
  if (!basic) return;
  gw::fuzz::require(!basic->client_id.empty(), "Basic credentials have a client_id");
  const std::string header = "Basic " + base64(gw::oauth::form_encode(basic->client_id) + ":" +
                                               gw::oauth::form_encode(basic->client_secret));
  auto again = gw::oauth::parse_basic_authorization(header);
  gw::fuzz::require(again.is_ok() && again->client_id == basic->client_id &&
                        again->client_secret == basic->client_secret,
                    "Basic credentials round-trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = gw::fuzz::as_text(data, size);
  check_form(text);
  check_basic(text);
  auto json = gw::oauth::parse_json_params(text);
  if (json) {
    for (const auto& [name, value] : *json) gw::oauth::form_encode(name + value);
  }
  auto decoded = gw::oauth::form_decode(gw::oauth::form_encode(text));
  gw::fuzz::require(decoded.is_ok() && *decoded == text, "form_decode undoes form_encode");
  return 0;
}
