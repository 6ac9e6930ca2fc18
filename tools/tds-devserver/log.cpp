#include "log.h"

#include <cstdio>
#include <mutex>

namespace gw::tdsdev {

void log_line(const std::string& line) {
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  std::fprintf(stderr, "tds-devserver: %s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace gw::tdsdev
