#include "mcp/server_info.h"

#include "mcp/modern_request.h"
#include "mcp/version_shaping.h"

#ifndef GATEWAY_VERSION
#define GATEWAY_VERSION "0.0.0-dev"
#endif

namespace gw::mcp {

using nlohmann::json;

std::string server_instructions(const ServerOptions& o) {
  std::string text = "This server gives access to the Microsoft SQL Server database of the \"" +
                     o.scope_name + "\" scope";
  if (!o.scope_description.empty()) text += " (" + o.scope_description + ")";
  text +=
      ". The SQL dialect is T-SQL: limit rows with TOP n (or ORDER BY ... OFFSET n ROWS FETCH "
      "NEXT m ROWS ONLY), never LIMIT; quote identifiers with [brackets]; qualify tables with "
      "their schema, e.g. [dbo].[Customers]. Explore with the listing and description tools "
      "before writing queries. ";
  text += o.read_only
              ? "Mode: read-only. Only queries that read data are allowed; INSERT, UPDATE, DELETE, "
                "MERGE, DDL and EXEC are refused."
              : "Mode: read-write. Statements that change data are allowed; change data only when "
                "the user asks for it, and read first.";
  return text;
}

json server_implementation(const ServerOptions& options, std::string_view version) {
  const json info = {
      {"name", "mssql-mcp-gateway"},
      {"version", GATEWAY_VERSION},
      {"title", "Microsoft SQL Server (" + options.scope_name + ")"},
  };
  return shape_implementation(info, version);
}

json discover_result(const ServerOptions& options) {
  return json{
      {"supportedVersions", all_supported_versions()},
      // 2026-07-28: tools/list_changed reaches clients on subscriptions/listen streams. No
      // logging: the gateway sends no notifications/message.
      {"capabilities", {{"tools", {{"listChanged", true}}}}},
      {"instructions", server_instructions(options)},
  };
}

json initialize_result(const ServerOptions& options, std::string_view version) {
  return json{
      {"protocolVersion", version},
      // Only what is implemented (lifecycle § Capability Negotiation): the tool list is fixed,
      // and logging/setLevel is accepted.
      {"capabilities", {{"tools", {{"listChanged", false}}}, {"logging", json::object()}}},
      {"serverInfo", server_implementation(options, version)},
      {"instructions", server_instructions(options)},
  };
}

}  // namespace gw::mcp
