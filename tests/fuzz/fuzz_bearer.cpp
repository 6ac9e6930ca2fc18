// Fuzz target: the Authorization header on an MCP request (RFC 6750 §2.1, RFC 9728 §5.1). For any
// header: check_bearer returns a grant only for the one live token of this scope, and the
// WWW-Authenticate challenge built from any refusal has no byte that could split the header.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz_check.h"
#include "oauth/crypto.h"
#include "oauth/journal_store.h"
#include "oauth/resource_server.h"

namespace {

constexpr const char* kToken = "live-token_0123456789";

struct Server {
  Server() {
    gw::oauth::TokenRecord t;
    t.token_hash = gw::oauth::sha256_hex(kToken);
    t.client_id = "c";
    t.user = "alice";
    t.resource = "https://h/demo/mcp";
    t.scope = "mssql.read";
    t.family_id = "f";
    t.expires_at = clock.now_seconds() + 3600;
    gw::fuzz::require(store->put_tokens({t}).is_ok(), "the fixture token is stored");
  }
  gw::ManualClock clock;
  std::unique_ptr<gw::oauth::JournalStore> store = gw::oauth::JournalStore::in_memory();
  gw::oauth::TokenService tokens{
      *store, clock, gw::oauth::scope_urls("https://h", "/demo"), {"mssql.read"}, {}};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Server server;
  const std::string_view header = gw::fuzz::as_text(data, size);
  auto grant = gw::oauth::check_bearer(header, server.tokens);
  if (grant) {
    gw::fuzz::require(header.find(kToken) != std::string_view::npos,
                      "only the live token is accepted");
    gw::fuzz::require(grant->user == "alice", "the grant is the token's");
    return 0;
  }
  gw::fuzz::require(grant.status().code() == gw::StatusCode::kUnauthenticated,
                    "a refused bearer token is Unauthenticated");
  const std::string challenge =
      gw::oauth::bearer_challenge(grant.status(), server.tokens.urls(), {"mssql.read"});
  gw::fuzz::require(!gw::fuzz::has_header_breaking_byte(challenge),
                    "the WWW-Authenticate challenge has no CR, LF or NUL");
  return 0;
}
