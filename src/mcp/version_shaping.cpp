#include "mcp/version_shaping.h"

#include "mcp/jsonrpc.h"
#include "mcp/protocol_version.h"

namespace gw::mcp {

using nlohmann::json;

json shape_tool(const json& descriptor, std::string_view version) {
  const VersionFeatures f = features_of(version);
  json out = descriptor;
  if (!f.titles) out.erase("title");
  if (!f.structured_content) out.erase("outputSchema");
  if (!f.tool_annotations) out.erase("annotations");
  if (!f.icons_and_execution) {
    out.erase("icons");
    out.erase("execution");
  }
  return out;
}

json shape_call_result(ToolOutcome outcome, std::string_view version) {
  json out = json::object();
  out["content"] = outcome.content.is_array() ? std::move(outcome.content) : json::array();
  out["isError"] = outcome.is_error;
  if (!features_of(version).structured_content) return out;
  if (outcome.structured_is_text) {
    out["structuredContent"] = structured_from_text();
  } else if (outcome.structured.is_object()) {
    out["structuredContent"] = std::move(outcome.structured);
  }
  return out;
}

json shape_implementation(const json& info, std::string_view version) {
  const VersionFeatures f = features_of(version);
  json out = info;
  if (!f.titles) out.erase("title");
  if (!f.icons_and_execution) {
    out.erase("description");
    out.erase("websiteUrl");
    out.erase("icons");
  }
  return out;
}

}  // namespace gw::mcp
