#pragma once
// The address a request comes from, as server.trusted_proxies lets the gateway believe it: behind
// NGINX every peer is the proxy, so per-client limits would lump all users together.

#include <string>
#include <string_view>

namespace gw::http {

// A trusted proxy's peer: the last X-Forwarded-For entry, the one the proxy appended itself
// ($proxy_add_x_forwarded_for; the entries before it are the client's own word). Any other peer,
// or an empty header: the peer address. Pure.
std::string client_address(std::string_view peer_address, std::string_view forwarded_for,
                           bool peer_is_trusted_proxy);

}  // namespace gw::http
