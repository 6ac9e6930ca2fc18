// tools/call-level throughput of execute_sql (one-row query) vs raw db-lib round trips on the same devserver,
// same run. Usage: bench-tools [iterations]   (scripts/bench-tools builds and runs it)
#include <sybfront.h>
#include <sybdb.h>

#include <algorithm>
#include <chrono>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "scope_fixture.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The baseline: dbcmd/dbsqlexec/dbresults/dbnextrow on one DBPROCESS, nothing else.
double raw_freetds(const gw::testing::DevServer& server, int iterations) {
  // FreeTdsConnector::create (run first by the scope) already did dbinit and set the handlers.
  LOGINREC* login = dblogin();
  DBSETLUSER(login, server.user().c_str());
  DBSETLPWD(login, server.password().c_str());
  DBSETLVERSION(login, DBVERSION_74);
  DBSETLCHARSET(login, "UTF-8");
  const std::string address = "127.0.0.1:" + std::to_string(server.port());
  DBPROCESS* dbproc = dbopen(login, address.c_str());
  dbloginfree(login);
  if (dbproc == nullptr) {
    std::fprintf(stderr, "raw login failed\n");
    std::exit(1);
  }
  long sum = 0;
  const auto start = Clock::now();
  for (int i = 0; i < iterations; ++i) {
    dbcmd(dbproc, "SELECT 1 AS one");
    dbsqlexec(dbproc);
    while (dbresults(dbproc) != NO_MORE_RESULTS) {
      while (dbnextrow(dbproc) != NO_MORE_ROWS) sum += *reinterpret_cast<DBINT*>(dbdata(dbproc, 1));
    }
  }
  const double elapsed = seconds_since(start);
  dbclose(dbproc);
  if (sum != iterations) std::fprintf(stderr, "raw: unexpected sum %ld\n", sum);
  return iterations / elapsed;
}

double through_tools(gw::testing::TestScope& scope, int iterations) {
  const nlohmann::json arguments = {{"query", "SELECT 1 AS one"}};
  const auto start = Clock::now();
  for (int i = 0; i < iterations; ++i) {
    gw::mcp::ToolCallContext context;
    const gw::mcp::ToolOutcome out = scope.call("execute_sql", arguments, context);
    if (out.is_error) {
      std::fprintf(stderr, "tools: %s\n", gw::testing::TestScope::text(out).c_str());
      std::exit(1);
    }
  }
  return iterations / seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::atoi(argv[1]) : 7000;
  gw::testing::DevServer server;
  gw::testing::TestScope read_write(server, gw::testing::test_settings("bench-rw", false), {1, 5000});
  gw::testing::TestScope read_only(server, gw::testing::test_settings("bench-ro", true), {1, 5000});
  // Warm up every path once.
  through_tools(read_write, 50);
  through_tools(read_only, 50);
  raw_freetds(server, 50);

  // Interleaved rounds, median per path: the machine is shared, so one long run per path measures the neighbours.
  constexpr int kRounds = 7;
  std::vector<double> raws, rws, ros;
  for (int r = 0; r < kRounds; ++r) {
    raws.push_back(raw_freetds(server, iterations / kRounds));
    rws.push_back(through_tools(read_write, iterations / kRounds));
    ros.push_back(through_tools(read_only, iterations / kRounds));
  }
  const auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double raw = median(raws), rw = median(rws), ro = median(ros);
  std::printf("%d rounds x %d calls per path, median (one-row SELECT, tds-devserver on 127.0.0.1)\n", kRounds,
              iterations / kRounds);
  std::printf("raw db-lib round trips:            %9.0f calls/s\n", raw);
  std::printf("execute_sql, read-write scope:     %9.0f calls/s  ratio %.2f of raw\n", rw, rw / raw);
  std::printf("execute_sql, read-only scope:      %9.0f calls/s  ratio %.2f of raw "
              "(classifier + guard transaction rolled back in the same batch)\n",
              ro, ro / raw);
  return 0;
}
