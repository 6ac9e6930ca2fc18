#pragma once
// The listener: accepts connections and runs each on its own thread with its own SQLite handle.

#include <atomic>

#include "options.h"
#include "util/status.h"

namespace gw::tdsdev {

// Listens on options.host:port (port 0: the OS picks; the chosen port goes to options.port_file),
// serves until `stop` becomes true, then closes every connection and joins their threads.
Status run_server(const Options& options, const std::atomic<bool>& stop);

}  // namespace gw::tdsdev
