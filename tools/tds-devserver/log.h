#pragma once
// One line per event to stderr, whole lines even from many connection threads.

#include <string>

namespace gw::tdsdev {

void log_line(const std::string& line);

}  // namespace gw::tdsdev
