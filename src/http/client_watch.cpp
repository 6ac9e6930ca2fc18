#include "http/client_watch.h"

#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace gw::http {
namespace {

thread_local int t_connection_fd = -1;

constexpr std::uint32_t kGoneEvents = EPOLLRDHUP | EPOLLHUP | EPOLLERR;

// One thread for the whole process, parked in epoll_wait: a watch costs two epoll_ctl calls, never
// a thread.
class Watcher {
 public:
  static Watcher& instance() {
    // Never destroyed: connection threads may still end watches while the process exits.
    static Watcher* watcher = new Watcher();
    return *watcher;
  }

  std::uint64_t add(int fd, std::function<void()> on_gone) {
    if (epoll_ < 0) return 0;
    std::lock_guard lock(mutex_);
    const std::uint64_t id = ++next_id_;
    epoll_event event{};
    event.events = kGoneEvents | EPOLLONESHOT;
    event.data.u64 = id;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event) != 0) return 0;
    watches_.emplace(id, Watch{fd, std::move(on_gone)});
    return id;
  }

  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = watches_.find(id);
    if (it == watches_.end()) return;
    epoll_ctl(epoll_, EPOLL_CTL_DEL, it->second.fd, nullptr);
    watches_.erase(it);
  }

 private:
  struct Watch {
    int fd;
    std::function<void()> on_gone;
  };

  Watcher() : epoll_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_ >= 0) std::thread([this] { run(); }).detach();
  }

  void run() {
    epoll_event events[64];
    for (;;) {
      const int n = epoll_wait(epoll_, events, 64, -1);
      if (n < 0 && errno != EINTR) return;
      for (int i = 0; i < n; ++i) {
        // Under the lock, so remove() returning means on_gone is done.
        // A copy: epoll_event is packed on x86-64, so its u64 is not aligned for a reference.
        const std::uint64_t id = events[i].data.u64;
        std::lock_guard lock(mutex_);
        const auto it = watches_.find(id);
        if (it == watches_.end()) continue;  // removed after the event was queued
        epoll_ctl(epoll_, EPOLL_CTL_DEL, it->second.fd, nullptr);
        const std::function<void()> on_gone = std::move(it->second.on_gone);
        watches_.erase(it);
        on_gone();
      }
    }
  }

  const int epoll_;
  std::mutex mutex_;
  std::map<std::uint64_t, Watch> watches_;
  std::uint64_t next_id_ = 0;
};

}  // namespace

ServingConnection::ServingConnection(int fd) : previous_(t_connection_fd) { t_connection_fd = fd; }
ServingConnection::~ServingConnection() { t_connection_fd = previous_; }

ClientWatch::ClientWatch(std::function<void()> on_gone) {
  if (t_connection_fd >= 0) id_ = Watcher::instance().add(t_connection_fd, std::move(on_gone));
}

ClientWatch::~ClientWatch() {
  if (id_ != 0) Watcher::instance().remove(id_);
}

ClientWatch::ClientWatch(ClientWatch&& other) noexcept : id_(std::exchange(other.id_, 0)) {}

ClientWatch& ClientWatch::operator=(ClientWatch&& other) noexcept {
  if (this != &other) {
    if (id_ != 0) Watcher::instance().remove(id_);
    id_ = std::exchange(other.id_, 0);
  }
  return *this;
}

bool client_gone() {
  if (t_connection_fd < 0) return false;
  pollfd p{t_connection_fd, POLLRDHUP, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

}  // namespace gw::http
