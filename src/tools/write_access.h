#pragma once
// Which tool calls change data, for the resource server's step-up rule (MCP 2025-11-25 § Scope
// Challenge Handling): on a read-write scope a token granted only the read scope may still query,
// and a statement that writes asks the client for the write scope first.

#include <string_view>

#include <nlohmann/json.hpp>

#include "tools/tool_settings.h"

namespace gw::tools {

// True when the call could change data: execute_sql on a read-write scope with SQL the read-only
// classifier does not accept (unreadable SQL counts as writing). Read-only scopes never write:
// their tools refuse such SQL themselves. Pure.
bool call_may_write(const ToolSettings& settings, std::string_view tool,
                    const nlohmann::json& arguments);

}  // namespace gw::tools
