#include "tools/tool_support.h"

#include <map>
#include <string_view>
#include <tuple>

#include <fmt/format.h>

#include "metrics/registry.h"
#include "util/number.h"

namespace gw::tools {
namespace {

using MetricKey = std::tuple<std::string, std::string, std::string>;
using MetricKeyView = std::tuple<std::string_view, std::string_view, std::string_view>;

// Orders owned keys and looked-up views alike (a lookup builds no strings). Written out because
// comparing tuple<string> with tuple<string_view> compiles with g++ but not with clang's view of
// libstdc++'s operators.
struct MetricKeyLess {
  using is_transparent = void;
  static MetricKeyView view(const MetricKey& k) {
    return {std::get<0>(k), std::get<1>(k), std::get<2>(k)};
  }
  static const MetricKeyView& view(const MetricKeyView& k) { return k; }
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return view(a) < view(b);
  }
};

// The registry looks a metric up under its one lock and renders its labels every time; a call
// takes two. Each thread keeps what it looked up (the registry never removes a metric, so the
// references stay valid), keyed by scope, tool and outcome ("" for the histogram).
template <typename Metric, typename Lookup>
Metric& remembered(std::string_view scope, std::string_view tool, std::string_view outcome,
                   Lookup lookup) {
  thread_local std::map<MetricKey, Metric*, MetricKeyLess> seen;
  const MetricKeyView key(scope, tool, outcome);
  const auto it = seen.find(key);
  if (it != seen.end()) return *it->second;
  Metric& metric = lookup();
  seen.emplace(MetricKey(scope, tool, outcome), &metric);
  return metric;
}

}  // namespace

CallAudit::CallAudit(AuditLog& log, const ToolSettings& settings,
                     const mcp::ToolCallContext& context, std::string tool)
    : log_(log), start_(std::chrono::steady_clock::now()) {
  record_.scope = settings.scope_name;
  record_.client_id = context.client_id;
  record_.user = context.user;
  record_.tool = std::move(tool);
}

void CallAudit::finish(const std::string& outcome, std::int64_t rows, const std::string* error) {
  using namespace std::chrono;
  record_.duration_ms = duration_cast<milliseconds>(steady_clock::now() - start_).count();
  record_.rows = rows;
  record_.outcome = outcome;
  if (error != nullptr) record_.error = *error;
  log_.write(record_);
  metrics::Registry& registry = metrics::registry();
  remembered<metrics::Counter>(record_.scope, record_.tool, outcome, [&]() -> metrics::Counter& {
    return registry.counter(
        "mcp_gateway_tool_calls_total",
        "MCP tool calls by scope, tool and outcome (as in the audit log).",
        {{"scope", record_.scope}, {"tool", record_.tool}, {"outcome", outcome}});
  }).inc();
  remembered<metrics::Histogram>(record_.scope, record_.tool, "", [&]() -> metrics::Histogram& {
    return registry.histogram("mcp_gateway_tool_call_duration_seconds",
                              "Duration of MCP tool calls, database time included.",
                              {{"scope", record_.scope}, {"tool", record_.tool}});
  }).observe(static_cast<double>(record_.duration_ms) / 1000.0);
}

void CallAudit::started() {
  AuditRecord line = record_;
  line.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - start_)
                         .count();
  line.outcome = "streaming";
  log_.write(line);
}

mcp::ToolOutcome CallAudit::success(nlohmann::json structured, std::int64_t rows, bool truncated) {
  finish(truncated ? "truncated" : "ok", rows, nullptr);
  mcp::ToolOutcome outcome;
  outcome.content.push_back(
      {{"type", "text"},
       {"text", structured.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)}});
  outcome.structured = std::move(structured);
  return outcome;
}

mcp::ToolOutcome CallAudit::success_text(std::string structured_json, std::int64_t rows,
                                         bool truncated) {
  finish(truncated ? "truncated" : "ok", rows, nullptr);
  mcp::ToolOutcome outcome;
  nlohmann::json block = nlohmann::json::object();
  block["type"] = "text";
  block["text"] = std::move(structured_json);  // moved, never copied: it may be megabytes
  outcome.content.push_back(std::move(block));
  outcome.structured_is_text = true;
  return outcome;
}

mcp::ToolOutcome CallAudit::failure(const Status& status, const std::string& outcome) {
  finish(outcome.empty() ? outcome_of(status) : outcome, 0, &status.message());
  return mcp::ToolOutcome::error(status.message());
}

std::string outcome_of(const Status& status) {
  switch (status.code()) {
    case StatusCode::kDeadlineExceeded: return "timeout";
    case StatusCode::kCancelled: return "cancelled";
    case StatusCode::kResourceExhausted: return "busy";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kPermissionDenied: return "refused";
    case StatusCode::kNotFound: return "invalid";
    case StatusCode::kInvalidArgument: return "error";
    default: return "error";
  }
}

db::QueryOptions query_options(const ToolSettings& settings, const mcp::ToolCallContext& context) {
  db::QueryOptions options;
  options.timeout_ms = settings.query_timeout_ms;
  options.cancel = context.cancel;
  return options;
}

std::int64_t result_byte_cap(const ToolSettings& settings, const mcp::ToolCallContext& context) {
  if (context.result_budget_bytes < 0) return settings.max_result_bytes;
  return std::min(settings.max_result_bytes, context.result_budget_bytes);
}

nlohmann::json read_only_annotations(const std::string& title) {
  return {{"title", title},
          {"readOnlyHint", true},
          {"destructiveHint", false},
          {"idempotentHint", true},
          {"openWorldHint", false}};
}

nlohmann::json columns_schema() {
  return {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties", {{"name", {{"type", "string"}}}, {"type", {{"type", "string"}}}}},
            {"required", {"name", "type"}}}}};
}

nlohmann::json result_set_schema() {
  return {{"type", "object"},
          {"properties",
           {{"columns", columns_schema()},
            {"rows", {{"type", "array"}, {"items", {{"type", "array"}}}}},
            {"rowCount", {{"type", "integer"}}}}},
          {"required", {"columns", "rows", "rowCount"}}};
}

Result<std::string> string_argument(const nlohmann::json& arguments, const char* name,
                                    bool required) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || it->is_null()) {
    if (required)
      return invalid_argument(fmt::format("missing required argument \"{}\" (a string)", name));
    return std::string();
  }
  if (!it->is_string())
    return invalid_argument(fmt::format("argument \"{}\" must be a string", name));
  return it->get<std::string>();
}

Result<std::int64_t> integer_argument(const nlohmann::json& arguments, const char* name,
                                      std::int64_t fallback) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || it->is_null()) return fallback;
  // Checked: an unsigned past INT64_MAX would wrap to a negative number, and the cast of a double
  // out of range is undefined behaviour.
  if (it->is_number_unsigned()) {
    if (it->get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX)) {
      return static_cast<std::int64_t>(it->get<std::uint64_t>());
    }
  } else if (it->is_number_integer()) {
    return it->get<std::int64_t>();
  } else if (it->is_number_float()) {
    if (auto whole = whole_number(it->get<double>())) return *whole;
  }
  return invalid_argument(fmt::format("argument \"{}\" must be an integer", name));
}

Result<bool> boolean_argument(const nlohmann::json& arguments, const char* name, bool fallback) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || it->is_null()) return fallback;
  if (!it->is_boolean())
    return invalid_argument(fmt::format("argument \"{}\" must be true or false", name));
  return it->get<bool>();
}

}  // namespace gw::tools
