// Catalog tool cost against catalog size: list_tables (first page), describe_table and
// search_objects on tds-devserver catalogs of 10, 1,000 and 20,000 generated tables
// (--generate-catalog), through the real tools and FreeTDS. Usage: bench-catalog [calls per tool]
// (scripts/bench-catalog builds and runs it).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "scope_fixture.h"

namespace {

using Clock = std::chrono::steady_clock;

// Median milliseconds of one call; exits on a tool error (a benchmark of failures measures
// nothing).
double median_ms(gw::testing::TestScope& scope, const char* tool, const nlohmann::json& arguments,
                 int calls, std::size_t* bytes) {
  std::vector<double> ms;
  for (int i = 0; i < calls; ++i) {
    gw::mcp::ToolCallContext context;
    context.user = "bench";
    const auto start = Clock::now();
    const gw::mcp::ToolOutcome out = scope.call(tool, arguments, context);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (out.is_error) {
      std::fprintf(stderr, "%s: %s\n", tool, gw::testing::TestScope::text(out).c_str());
      std::exit(1);
    }
    *bytes = out.content[0]["text"].get<std::string>().size();
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int calls = argc > 1 ? std::atoi(argv[1]) : 15;
  struct Tool {
    const char* name;
    nlohmann::json arguments;
  };
  const std::vector<Tool> tools = {
      {"list_tables", nlohmann::json::object()},
      {"describe_table", {{"table_name", "Gen00005_Shipment"}}},
      {"search_objects", {{"pattern", "invoice"}, {"kinds", {"table"}}}},
      {"search_objects", {{"pattern", "%invoicecode"}, {"kinds", {"column"}}}},
  };
  std::vector<std::vector<double>> results(tools.size());
  const int sizes[] = {10, 1000, 20000};
  std::printf(
      "median of %d calls per tool and size, one pooled connection, tds-devserver on "
      "127.0.0.1\n%-38s %10s %10s %10s %12s\n",
      calls, "tool (arguments)", "10", "1,000", "20,000", "20,000/10");
  for (const int n : sizes) {
    gw::testing::DevServer server({"--generate-catalog", std::to_string(n)});
    gw::testing::TestScope scope(server, gw::testing::test_settings("bench", true), {1, 60000});
    for (std::size_t t = 0; t < tools.size(); ++t) {
      std::size_t bytes = 0;
      median_ms(scope, tools[t].name, tools[t].arguments, 1, &bytes);  // builds the catalog views
      results[t].push_back(median_ms(scope, tools[t].name, tools[t].arguments, calls, &bytes));
      if (n == 20000)
        std::fprintf(stderr, "%s at 20,000 tables: %zu bytes of result\n", tools[t].name, bytes);
    }
  }
  for (std::size_t t = 0; t < tools.size(); ++t) {
    const std::string label = std::string(tools[t].name) + " " +
                              tools[t].arguments.dump().substr(0, 36 - std::strlen(tools[t].name));
    std::printf("%-38s %8.1fms %8.1fms %8.1fms %11.1fx\n", label.c_str(), results[t][0],
                results[t][1], results[t][2], results[t][2] / results[t][0]);
  }
  return 0;
}
