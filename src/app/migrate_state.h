#pragma once
// `mssql-mcp-gateway migrate-state --config FILE --to redis://…`: copies every scope's registered
// clients and live tokens from its journal (data_dir/oauth/<scope>.log) into Redis, so that
// moving to server.state_store: redis://… signs nobody out. Authorization codes, counters and
// pending sign-ins live in memory only and are not copied (a sign-in in progress repeats).
// Run it with the gateway stopped, then switch state_store and start the replicas.

#include <string>

namespace gw::app {

// `to` may name ${VAR}s (expanded from the environment), so the password need not appear on the
// command line. Prints one line per scope; returns the process exit code.
int migrate_state(const std::string& config_path, const std::string& to);

}  // namespace gw::app
