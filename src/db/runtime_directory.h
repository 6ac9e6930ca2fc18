#pragma once
// The per-process directory under $TMPDIR that holds the generated freetds.conf
// (freetds_runtime.h): mssql-mcp-gateway-<pid>. Removed at exit; at start, the directories of
// processes that no longer exist (killed with SIGKILL, crashed) are removed too, so a host that
// restarts the gateway often does not collect them.

#include <sys/types.h>

#include <filesystem>
#include <functional>

namespace gw::db {

// <temp_dir>/mssql-mcp-gateway-<pid>.
std::filesystem::path runtime_directory(const std::filesystem::path& temp_dir, pid_t pid);

// Removes every <temp_dir>/mssql-mcp-gateway-<pid> whose pid is not `self` and for which
// alive(pid) is false; names that are not exactly that shape are left alone. Returns how many it
// removed. Errors (another user's directory) are skipped.
int remove_stale_runtime_directories(const std::filesystem::path& temp_dir, pid_t self,
                                     const std::function<bool(pid_t)>& alive);

// Whether a process with this id exists (kill(pid, 0); EPERM: it exists, as another user).
bool process_exists(pid_t pid);

}  // namespace gw::db
