#pragma once

#include <string>

namespace gw::app {

struct ServeOptions {
  std::string config_path = "tenants.yaml";
  std::string listen_override;  // --listen host:port; empty: server.listen from the file
};

// Loads the config, listens, serves until SIGTERM or SIGINT; returns the exit code.
int serve(const ServeOptions& options);

}  // namespace gw::app
