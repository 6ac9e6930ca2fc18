// tds-devserver: a development and test stand-in that speaks TDS 7.4 and runs T-SQL on SQLite.
// Never SQL Server, never for production (see README.md).
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "demo_db.h"
#include "log.h"
#include "options.h"
#include "server.h"

namespace {
std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop.store(true); }
}  // namespace

int main(int argc, char** argv) {
  using namespace gw::tdsdev;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto options = parse_options(args);
  if (!options) {
    std::fprintf(stderr, "tds-devserver: %s\n\n%s", options.status().message().c_str(),
                 usage_text());
    return 2;
  }
  if (options->help) {
    std::fputs(usage_text(), stdout);
    return 0;
  }
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);

  for (size_t i = 0; i < options->databases.size(); ++i) {
    const ServedDatabase& d = options->databases[i];
    gw::Status s = prepare_database(d.path, options->demo, i == 0 ? options->big_rows : 0);
    if (!s.is_ok()) {
      log_line(fmt::format("cannot prepare the database {}: {}", d.name, s.message()));
      return 1;
    }
  }
  if (auto s = run_server(*options, g_stop); !s.is_ok()) {
    log_line(s.message());
    return 1;
  }
  return 0;
}
