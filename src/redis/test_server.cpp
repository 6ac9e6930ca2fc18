#include "redis/test_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <thread>

#include "redis/client.h"

namespace gw::redis {
namespace {

constexpr const char* kBinary = "/usr/bin/redis-server";

std::string& reason() {
  static std::string r;
  return r;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

config::StateStore TestServer::address() const {
  config::StateStore a;
  a.kind = config::StateStore::Kind::kRedis;
  a.host = "127.0.0.1";
  a.port = port_;
  return a;
}

bool TestServer::start() {
  const std::string port = std::to_string(port_);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    int null_fd = ::open("/dev/null", O_WRONLY);
    ::dup2(null_fd, 1);
    ::dup2(null_fd, 2);
    ::execl(kBinary, kBinary, "--port", port.c_str(), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--daemonize", "no", "--dir", "/tmp", "--loglevel", "warning",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  if (pid_ < 0) return false;
  ClientOptions options;
  options.retry_after_failure_ms = 0;
  options.pool_size = 1;
  Client probe(address(), options);
  for (int i = 0; i < 100; ++i) {  // bounded: 5 s
    if (probe.ping().is_ok()) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void TestServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

TestServer::~TestServer() { kill(); }

TestServer* TestServer::shared() {
  static std::unique_ptr<TestServer> server = [] {
    std::unique_ptr<TestServer> s;
    if (::access(kBinary, X_OK) != 0) {
      reason() = std::string(kBinary) + " is not installed (apt-get install redis-server)";
      return s;
    }
    s.reset(new TestServer());
    for (int attempt = 0; attempt < 3; ++attempt) {  // a free port may be taken before it binds
      s->port_ = free_port();
      if (s->start()) return s;
      s->kill();
    }
    reason() = "redis-server did not start on a free port";
    s.reset();
    return s;
  }();
  return server.get();
}

const std::string& TestServer::skip_reason() { return reason(); }

}  // namespace gw::redis
