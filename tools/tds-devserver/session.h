#pragma once
// One client connection from PRELOGIN to disconnect: login, then requests until the client leaves.

#include <atomic>
#include <functional>
#include <string>

#include "options.h"

namespace gw::tdsdev {

// Serves the client on fd (owned) until it disconnects or `stop` becomes true. `before_close` runs
// just before the socket is closed.
void serve_connection(int fd, int connection_id, const std::string& peer, const Options& options,
                      const std::atomic<bool>& stop, const std::function<void()>& before_close);

// Constant-time for equal lengths, so a timing probe learns nothing about the password.
bool equal_secret(const std::string& a, const std::string& b);

}  // namespace gw::tdsdev
