#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "log.h"
#include "session.h"

namespace gw::tdsdev {

namespace {

Result<int> open_listener(const Options& o, uint16_t& bound_port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return unavailable(fmt::format("socket: {}", std::strerror(errno)));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(o.port);
  if (::inet_pton(AF_INET, o.host == "localhost" ? "127.0.0.1" : o.host.c_str(), &addr.sin_addr) !=
      1) {
    ::close(fd);
    return invalid_argument(fmt::format("--listen: \"{}\" is not an IPv4 address", o.host));
  }
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0) {
    std::string e = std::strerror(errno);
    ::close(fd);
    return unavailable(fmt::format("cannot listen on {}:{}: {}", o.host, o.port, e));
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  bound_port = ntohs(addr.sin_port);
  return fd;
}

Status write_port_file(const std::string& path, uint16_t port) {
  // Written to a temporary name and renamed, so a reader never sees a half-written number.
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << port << "\n";
    if (!f) return unavailable("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return unavailable("cannot rename to " + path);
  return Status::ok();
}

// The sockets of live connections, by connection id (an fd number can be reused as soon as it is
// closed, an id cannot), so shutdown can wake every thread blocked on its socket.
class ClientSet {
 public:
  void add(int id, int fd) {
    std::lock_guard<std::mutex> l(mu_);
    fds_[id] = fd;
  }
  void remove(int id) {
    std::lock_guard<std::mutex> l(mu_);
    fds_.erase(id);
  }
  void shutdown_all() {
    std::lock_guard<std::mutex> l(mu_);
    for (const auto& [id, fd] : fds_) ::shutdown(fd, SHUT_RDWR);
  }

 private:
  std::mutex mu_;
  std::map<int, int> fds_;
};

// A connection thread and whether it has finished (finished threads are joined while serving, so a
// long benchmark with many short connections does not pile up thread stacks).
struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

void join_finished(std::list<Worker>& workers) {
  for (auto it = workers.begin(); it != workers.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = workers.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

Status run_server(const Options& options, const std::atomic<bool>& stop) {
  uint16_t port = 0;
  auto lfd = open_listener(options, port);
  if (!lfd) return lfd.status();
  log_line(
      fmt::format("listening on {}:{} (database {} from {}); development use only, not SQL Server",
                  options.host, port, options.database, options.db_path));
  if (!options.port_file.empty()) {
    if (Status s = write_port_file(options.port_file, port); !s.is_ok()) {
      ::close(*lfd);
      return s;
    }
  }
  ClientSet clients;
  std::list<Worker> workers;
  int next_id = 1;
  while (!stop.load()) {
    join_finished(workers);
    pollfd p{*lfd, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    sockaddr_in peer{};
    socklen_t len = sizeof peer;
    int fd = ::accept4(*lfd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char ip[INET_ADDRSTRLEN] = "?";
    ::inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
    std::string peer_text = fmt::format("{}:{}", ip, ntohs(peer.sin_port));
    int id = next_id++;
    clients.add(id, fd);
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread t([fd, id, peer_text, done, &options, &stop, &clients] {
      serve_connection(fd, id, peer_text, options, stop, [&clients, id] { clients.remove(id); });
      done->store(true);
    });
    workers.push_back({std::move(t), done});
  }
  ::close(*lfd);
  clients.shutdown_all();
  for (auto& w : workers) w.thread.join();
  log_line("stopped");
  return Status::ok();
}

}  // namespace gw::tdsdev
