#include "oauth/cimd_fetcher.h"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

namespace gw::oauth {

CimdFetcher::CimdFetcher(const Clock& clock, CimdOptions options)
    : clock_(clock), options_(std::move(options)) {}

Result<ClientRecord> CimdFetcher::resolve(const std::string& client_id) {
  GW_RETURN_IF_ERROR(validate_metadata_url(client_id));
  std::int64_t now = clock_.now_seconds();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(client_id);
    if (it != cache_.end() && it->second.expires_at > now) return it->second.client;
  }
  std::int64_t cache_for = 0;
  auto client = fetch(client_id, cache_for);
  if (!client) return client.status();
  if (cache_for > 0) {
    std::lock_guard lock(mu_);
    if (cache_.size() >= options_.max_cached) {
      std::erase_if(cache_, [&](const auto& kv) { return kv.second.expires_at <= now; });
      if (cache_.size() >= options_.max_cached) cache_.erase(cache_.begin());
    }
    cache_[client_id] = Cached{*client, now + cache_for};
  }
  return client;
}

Result<std::string> CimdFetcher::pick_address(const std::string& host) {
  std::string name = host;
  if (name.size() > 2 && name.front() == '[') name = name.substr(1, name.size() - 2);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &res) != 0 || res == nullptr) {
    return unavailable("client metadata host " + host + " does not resolve");
  }
  std::string chosen;
  bool refused = false;
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    char buf[NI_MAXHOST];
    if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST) !=
        0) {
      continue;
    }
    // Every address must be public: a name with one private address is a rebinding attempt.
    if (is_non_public_address(buf) && !options_.allow_private_addresses) refused = true;
    if (chosen.empty()) chosen = buf;
  }
  freeaddrinfo(res);
  if (refused) {
    return permission_denied("client metadata host " + host + " resolves to a non-public address");
  }
  if (chosen.empty()) return unavailable("client metadata host " + host + " does not resolve");
  return chosen;
}

Result<ClientRecord> CimdFetcher::fetch(const std::string& client_id, std::int64_t& cache_for) {
  auto url = parse_url(client_id);
  if (!url) return invalid_argument("client_id URL must be https");
  auto address = pick_address(url->host);
  if (!address) return address.status();
  int port = url->port.empty() ? 443 : std::stoi(url->port);
  std::string host = url->host;
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  httplib::SSLClient cli(host, port);
  cli.set_hostname_addr_map({{host, *address}});  // connect to the address checked above
  cli.set_follow_location(false);
  cli.set_connection_timeout(options_.timeout_s, 0);
  cli.set_read_timeout(options_.timeout_s, 0);
  cli.set_write_timeout(options_.timeout_s, 0);
  if (!options_.ca_file.empty()) cli.set_ca_cert_path(options_.ca_file);
  cli.enable_server_certificate_verification(true);
  std::string body;
  bool too_big = false;
  std::string target = url->path + (url->query.empty() ? "" : "?" + url->query);
  auto res = cli.Get(target, {{"Accept", "application/json"}}, [&](const char* data, size_t len) {
    if (body.size() + len > options_.max_bytes) {
      too_big = true;
      return false;
    }
    body.append(data, len);
    return true;
  });
  if (too_big) return invalid_argument("client metadata document is larger than 64 KiB");
  if (!res) {
    return unavailable("client metadata document could not be fetched (" +
                       httplib::to_string(res.error()) + ")");
  }
  if (res->status != 200) {
    // The host answered: the document is wrong, not the network (unavailable means offline).
    return invalid_argument("client metadata document fetch answered HTTP " +
                            std::to_string(res->status));
  }
  cache_for = cache_seconds(res->get_header_value("Cache-Control"));
  return validate_metadata_document(client_id, body, options_.redirect_policy,
                                    clock_.now_seconds());
}

}  // namespace gw::oauth
