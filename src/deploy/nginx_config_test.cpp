#include "deploy/nginx_config.h"

#include <doctest/doctest.h>

#include <map>

#include "config/loader.h"

namespace {

gw::config::ConfigPtr two_scopes() {
  auto r = gw::config::load_text(
      "server: {listen: 127.0.0.1:9000, max_body_bytes: 2048}\n"
      "scopes:\n"
      "  demo: {description: Demo, database: {host: h, name: d, user: u, password: p}}\n"
      "  production: {database: {host: h, name: d, user: u, password: p}}\n",
      "t.yaml", [](const std::string&) { return std::nullopt; });
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  return *r;
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("nginx config: one set of locations per scope, stream settings on MCP paths") {
  const std::string text = gw::deploy::render_nginx_config(*two_scopes(), {});
  CHECK(text.find("server 127.0.0.1:9000;") != std::string::npos);
  CHECK(text.find("location ~* ^/demo/(mcp|sse|messages)/?$ {") != std::string::npos);
  CHECK(text.find("location ~* ^/production/(mcp|sse|messages)/?$ {") != std::string::npos);
  CHECK(text.find("location ~* ^/production(/|$) {") != std::string::npos);
  CHECK(count(text, "proxy_set_header X-Environment-Path /demo;") == 3);
  CHECK(count(text, "proxy_buffering off;") == 2);
  CHECK(count(text, "proxy_read_timeout 3600s;") == 2);
  CHECK(text.find("client_max_body_size 2048;") != std::string::npos);
  CHECK(text.find("listen 443 ssl http2;") != std::string::npos);
  CHECK(text.find("listen [::]:443 ssl http2;") != std::string::npos);
  CHECK(text.find("ssl_certificate /etc/letsencrypt/live/mcp.example.com/fullchain.pem;") !=
        std::string::npos);
  CHECK(text.find("ssl_protocols TLSv1.2 TLSv1.3;") != std::string::npos);
}

TEST_CASE("nginx config: no redirect but the HTTP->HTTPS one; add_header only at server level") {
  const std::string text = gw::deploy::render_nginx_config(*two_scopes(), {});
  CHECK(count(text, "return 301") == 1);
  CHECK(count(text, "return 302") == 0);
  // Every add_header sits before the first location of the TLS server block.
  const size_t tls = text.find("ssl http2");
  const size_t first_location = text.find("\n    location ", tls);
  CHECK(text.rfind("add_header", std::string::npos) < first_location);
  CHECK(count(text, "add_header Content-Type") == 0);
  CHECK(count(text, "proxy_pass http://mcp_gateway;") == 3 + 2 * 3);
}

TEST_CASE("nginx config: options override listen address, ports, upstream and certificates") {
  gw::deploy::NginxOptions o;
  o.server_name = "data.example.com";
  o.upstreams = {"gateway:8008"};
  o.listen_address = "127.0.0.1";
  o.http_port = 18080;
  o.https_port = 18443;
  o.certificate = "/tmp/c.pem";
  o.certificate_key = "/tmp/k.pem";
  const std::string text = gw::deploy::render_nginx_config(*two_scopes(), o);
  CHECK(text.find("listen 127.0.0.1:18080;") != std::string::npos);
  CHECK(text.find("listen 127.0.0.1:18443 ssl http2;") != std::string::npos);
  CHECK(text.find("listen [::]") == std::string::npos);
  CHECK(text.find("server gateway:8008;") != std::string::npos);
  CHECK(text.find("server_name data.example.com;") != std::string::npos);
  CHECK(text.find("ssl_certificate_key /tmp/k.pem;") != std::string::npos);
}

TEST_CASE("nginx config: several upstreams make one upstream block with keep-alive") {
  gw::deploy::NginxOptions o;
  o.upstreams = {"10.0.0.1:8008", "10.0.0.2:8008", "[::1]:8009"};
  const std::string text = gw::deploy::render_nginx_config(*two_scopes(), o);
  CHECK(text.find("upstream mcp_gateway {\n    server 10.0.0.1:8008;\n    server "
                  "10.0.0.2:8008;\n    server [::1]:8009;\n    keepalive 32;\n}") !=
        std::string::npos);
  CHECK(count(text, "upstream mcp_gateway") == 1);
}
