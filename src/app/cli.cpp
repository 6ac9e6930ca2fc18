#include "app/cli.h"

#include <cstdio>

namespace gw::app {

int run_cli(int, char**) {
  std::puts("mssql-mcp-gateway " GATEWAY_VERSION);
  return 0;
}

}  // namespace gw::app
