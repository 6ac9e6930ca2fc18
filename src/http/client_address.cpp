#include "http/client_address.h"

namespace gw::http {

std::string client_address(std::string_view peer_address, std::string_view forwarded_for,
                           bool peer_is_trusted_proxy) {
  if (!peer_is_trusted_proxy) return std::string(peer_address);
  const std::size_t comma = forwarded_for.rfind(',');
  std::string_view last =
      comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  return last.empty() ? std::string(peer_address) : std::string(last);
}

}  // namespace gw::http
