#include "metrics/registry.h"

#include <doctest/doctest.h>

using gw::metrics::Registry;

TEST_CASE("registry renders counters, gauges and histograms in the exposition format") {
  Registry r;
  r.counter("gw_requests_total", "Requests.", {{"scope", "demo"}, {"status", "200"}}).inc(3);
  r.counter("gw_requests_total", "Requests.", {{"scope", "demo"}, {"status", "200"}}).inc();
  r.gauge("gw_sessions", "Open sessions.", {{"scope", "demo"}}).set(2);
  auto& h = r.histogram("gw_tool_seconds", "Tool latency.", {{"tool", "list_tables"}}, {0.1, 1});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(7);
  CHECK(r.render() ==
        "# HELP gw_requests_total Requests.\n# TYPE gw_requests_total counter\n"
        "gw_requests_total{scope=\"demo\",status=\"200\"} 4\n"
        "# HELP gw_sessions Open sessions.\n# TYPE gw_sessions gauge\n"
        "gw_sessions{scope=\"demo\"} 2\n"
        "# HELP gw_tool_seconds Tool latency.\n# TYPE gw_tool_seconds histogram\n"
        "gw_tool_seconds_bucket{tool=\"list_tables\",le=\"0.1\"} 1\n"
        "gw_tool_seconds_bucket{tool=\"list_tables\",le=\"1\"} 2\n"
        "gw_tool_seconds_bucket{tool=\"list_tables\",le=\"+Inf\"} 3\n"
        "gw_tool_seconds_sum{tool=\"list_tables\"} 7.55\n"
        "gw_tool_seconds_count{tool=\"list_tables\"} 3\n");
}

TEST_CASE("collectors are read at render time and removed by owner") {
  Registry r;
  int in_use = 1;
  r.add_collector("gw_pool_in_use", "Connections in use.", "scope:demo", [&] {
    return std::vector<gw::metrics::Sample>{{{{"scope", "demo"}}, double(in_use)}};
  });
  r.add_collector("gw_pool_in_use", "Connections in use.", "scope:prod", [] {
    return std::vector<gw::metrics::Sample>{{{{"scope", "prod"}}, 5}};
  });
  in_use = 4;
  CHECK(r.render() ==
        "# HELP gw_pool_in_use Connections in use.\n# TYPE gw_pool_in_use gauge\n"
        "gw_pool_in_use{scope=\"demo\"} 4\ngw_pool_in_use{scope=\"prod\"} 5\n");
  r.remove_collectors("scope:prod");
  CHECK(r.render().find("prod") == std::string::npos);
}

TEST_CASE("collectors reporting the same labels are summed into one series") {
  Registry r;
  for (const char* owner : {"pool:old", "pool:new"}) {
    r.add_collector("gw_pool_size", "Open connections.", owner, [] {
      return std::vector<gw::metrics::Sample>{{{{"scope", "demo"}}, 2}};
    });
  }
  CHECK(r.render() ==
        "# HELP gw_pool_size Open connections.\n# TYPE gw_pool_size "
        "gauge\ngw_pool_size{scope=\"demo\"} 4\n");
  r.remove_collectors("pool:old");
  CHECK(r.render() ==
        "# HELP gw_pool_size Open connections.\n# TYPE gw_pool_size "
        "gauge\ngw_pool_size{scope=\"demo\"} 2\n");
}

TEST_CASE("label values are escaped") {
  CHECK(gw::metrics::render_labels({{"q", "a\"b\\c\nd"}}) == "{q=\"a\\\"b\\\\c\\nd\"}");
  CHECK(gw::metrics::render_labels({}) == "");
}
