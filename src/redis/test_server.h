#pragma once
// For tests: a real redis-server (Debian's) on a free loopback port, no persistence, killed when
// the test process ends (or dies: PR_SET_PDEATHSIG). Not linked into the gateway.

#include <sys/types.h>
#include <string>

#include "config/state_store.h"

namespace gw::redis {

class TestServer {
 public:
  // The one server of this test process, started on first use; null when redis-server is not
  // installed or would not start (skip_reason() says which).
  static TestServer* shared();
  static const std::string& skip_reason();

  ~TestServer();
  int port() const { return port_; }
  config::StateStore address() const;
  // SIGKILL, then start again on the same port (empty: no persistence).
  void kill();
  bool start();
  // kill() now and start() when the guard goes, also when a failed REQUIRE leaves the test early,
  // so the next test finds its server.
  struct Outage {
    TestServer* server;
    ~Outage() { server->start(); }
  };
  [[nodiscard]] Outage outage() {
    kill();
    return Outage{this};
  }

 private:
  TestServer() = default;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace gw::redis
