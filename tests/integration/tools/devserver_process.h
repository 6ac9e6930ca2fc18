#pragma once
// A tds-devserver child process for the tools integration tests: its own temp directory and SQLite file, a port
// chosen by the OS (--listen 127.0.0.1:0 --port-file), and kill/restart on the same port and file.

#include <string>
#include <vector>

#include <sys/types.h>

namespace gw::testing {

class DevServer {
 public:
  // extra: arguments besides --listen/--db/--login/--port-file, e.g. {"--demo", "--big-rows", "1000"};
  // @DIR@ in them is the server's own temp directory ({"--db", "@DIR@/archive.sqlite", ...}).
  explicit DevServer(std::vector<std::string> extra = {});
  ~DevServer();
  DevServer(const DevServer&) = delete;
  DevServer& operator=(const DevServer&) = delete;

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }

  void kill();      // SIGKILL and reap
  void restart();   // same port, same database file
  void pause();     // SIGSTOP: the socket stays open, nothing answers (a hung database)
  void resume();    // SIGCONT
  // What the server wrote to stderr so far (its log: logins, errors, EXECUTE AS and REVERT).
  std::string log_text() const;

 private:
  void launch(int port);

  std::vector<std::string> extra_;
  std::string dir_;
  std::string user_ = "gateway";
  std::string password_ = "devserver-test-password";
  pid_t pid_ = -1;
  int port_ = 0;
};

// The devserver binary: $TDS_DEVSERVER (set by meson), else the build tree's default location.
std::string devserver_binary();

// Peak resident set size of this process (VmHWM in /proc/self/status), in KiB.
long peak_rss_kib();

}  // namespace gw::testing
