#pragma once
// Runs a callback at a deadline, on one process-wide thread: how an outgoing request (a client
// metadata document fetch) gets one deadline for all of it, where cpp-httplib bounds only each
// connect and each read (a server trickling a byte per read timeout holds it for ever).
//
// The callback runs on the alarm thread and must be quick (it cancels a token, shuts a socket
// down). Destroying the Alarm before its deadline cancels it; once the destructor returns, the
// callback is not running and never will.

#include <chrono>
#include <cstdint>
#include <functional>

namespace gw::http {

class Alarm {
 public:
  Alarm() = default;  // set for nothing
  Alarm(std::chrono::steady_clock::time_point at, std::function<void()> callback);
  ~Alarm();
  Alarm(Alarm&& other) noexcept;
  Alarm& operator=(Alarm&& other) noexcept;
  Alarm(const Alarm&) = delete;
  Alarm& operator=(const Alarm&) = delete;

 private:
  std::uint64_t id_ = 0;
};

}  // namespace gw::http
