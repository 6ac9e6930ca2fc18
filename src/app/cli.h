#pragma once

namespace gw::app {

// Parses the command line and runs a subcommand; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace gw::app
