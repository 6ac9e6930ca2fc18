#pragma once
// Outgoing messages must validate against the schema of the negotiated revision (the conformance
// suite's wire-schema-valid check): fields a revision does not define are removed for sessions
// that negotiated it.

#include <nlohmann/json.hpp>
#include <string_view>

#include "mcp/tool.h"

namespace gw::mcp {

// A tools/list entry: title and outputSchema (2025-06-18+), annotations (2025-03-26+), icons and
// execution (2025-11-25) are dropped where the revision lacks them.
nlohmann::json shape_tool(const nlohmann::json& descriptor, std::string_view version);

// A CallToolResult: content, isError, and structuredContent where the revision has it
// (2025-06-18+). Tools mirror structured output in a text block, so older clients lose nothing.
// Takes the outcome by value: a large result's text is moved into the answer, not copied.
nlohmann::json shape_call_result(ToolOutcome outcome, std::string_view version);

// An Implementation (serverInfo): title (2025-06-18+), description/websiteUrl/icons (2025-11-25).
nlohmann::json shape_implementation(const nlohmann::json& info, std::string_view version);

}  // namespace gw::mcp
