#include "http/served_scopes.h"

namespace gw::http {
namespace {

std::vector<std::string> paths_of(const std::vector<ServedScope>& scopes) {
  std::vector<std::string> paths;
  for (const auto& s : scopes) paths.push_back(s.config->path);
  return paths;
}

int default_index(const std::vector<ServedScope>& scopes, const std::string& default_scope) {
  for (size_t i = 0; i < scopes.size(); ++i) {
    if (scopes[i].config->name == default_scope) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

ServedScopes::ServedScopes(config::ConfigPtr config, std::vector<ServedScope> scopes,
                           std::string public_base_url)
    : config_(std::move(config)),
      scopes_(std::move(scopes)),
      router_(paths_of(scopes_), default_index(scopes_, config_->server.default_scope)),
      public_base_url_(std::move(public_base_url)) {
  for (const auto& text : config_->server.trusted_proxies) {
    // The loader validated every entry, so parse cannot fail here.
    if (auto cidr = Cidr::parse(text); cidr.is_ok()) trusted_proxies_.push_back(*cidr);
  }
}

bool ServedScopes::is_trusted_proxy(const std::string& peer_address) const {
  for (const auto& cidr : trusted_proxies_) {
    if (cidr.contains(peer_address)) return true;
  }
  return false;
}

}  // namespace gw::http
