#pragma once
// Renders the NGINX site configuration (conf.d/default.conf) for every scope of a Config, so that
// adding a scope never means hand-writing location blocks. A pure function: same config and
// options, same text.

#include <string>
#include <vector>

#include "config/config.h"

namespace gw::deploy {

struct NginxOptions {
  std::string server_name = "mcp.example.com";
  // host:port of each gateway replica (several share their state through server.state_store:
  // redis://…); empty: server.listen.
  std::vector<std::string> upstreams;
  std::string listen_address;  // empty: all addresses (IPv4 and IPv6); tests use 127.0.0.1
  int http_port = 80;
  int https_port = 443;
  std::string certificate;      // empty: /etc/letsencrypt/live/<server_name>/fullchain.pem
  std::string certificate_key;  // empty: /etc/letsencrypt/live/<server_name>/privkey.pem
  std::string acme_root = "/var/www/certbot";
};

std::string render_nginx_config(const config::Config& config, const NginxOptions& options);

}  // namespace gw::deploy
