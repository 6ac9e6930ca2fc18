#include "http/deadline_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <functional>

#include "http/client_watch.h"
#include "http/request_framing.h"

namespace gw::http {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Reads wait in slices this long, so a stopping server is noticed during a slow request.
constexpr int kPollSliceMs = 200;
// After a request cut short, what is drained (so the client reads our answer, not a reset).
constexpr auto kDrainTime = milliseconds(1000);
constexpr std::size_t kDrainBytes = 1 << 20;

thread_local bool t_body_too_large = false;

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof(address);
  const int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length)
                      : getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (rc != 0) return;
  if (address.ss_family == AF_INET) {
    port = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
  } else if (address.ss_family == AF_INET6) {
    port = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  } else {
    return;
  }
  char host[NI_MAXHOST] = {};
  if (getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof(host), nullptr, 0,
                  NI_NUMERICHOST) == 0) {
    ip = host;
  }
}

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, kPollSliceMs));
}

// One connection's bytes: buffered reads against a per-request deadline, and the request framing.
class ConnectionStream final : public httplib::Stream {
 public:
  ConnectionStream(int fd, std::uint64_t max_body, milliseconds write_timeout,
                   std::function<bool()> stopping)
      : fd_(fd),
        framing_(max_body),
        write_timeout_(write_timeout),
        stopping_(std::move(stopping)) {}

  // Waits until the next request's first byte (or the client's close) can be read.
  bool wait_readable(Clock::time_point deadline) {
    while (start_ == end_) {
      if (Clock::now() >= deadline || stopping_()) return false;
      pollfd p{fd_, POLLIN, 0};
      const int rc = ::poll(&p, 1, remaining_ms(deadline));
      if (rc < 0 && errno != EINTR) return false;
      if (rc > 0) return true;
    }
    return true;
  }

  void begin_request(Clock::time_point deadline) {
    deadline_ = deadline;
    framing_.reset();
    body_ended_ = false;
    t_body_too_large = false;
  }

  // The request was cut short (timeout, a body refused unread): its remaining bytes are not a
  // request.
  bool must_close() const { return must_close_; }

  void close_gracefully() {
    if (must_close_ && !eof_) {
      ::shutdown(fd_, SHUT_WR);
      const auto until = Clock::now() + kDrainTime;
      std::size_t drained = 0;
      char sink[4096];
      while (drained < kDrainBytes && Clock::now() < until) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, remaining_ms(until)) <= 0) continue;
        const ssize_t n = ::recv(fd_, sink, sizeof(sink), 0);
        if (n <= 0) break;
        drained += static_cast<std::size_t>(n);
      }
    }
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
  }

  bool is_readable() const override {
    if (start_ < end_) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }

  bool is_writable() const override {
    pollfd p{fd_, POLLOUT, 0};
    int rc;
    do {
      rc = ::poll(&p, 1, static_cast<int>(write_timeout_.count()));
    } while (rc < 0 && errno == EINTR);
    return rc > 0 && (p.revents & (POLLERR | POLLHUP)) == 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (body_ended_) return 0;
    if (start_ == end_ && !fill()) return eof_ ? 0 : -1;
    std::size_t n = std::min(size, end_ - start_);
    if (framing_.in_headers()) {
      n = framing_.feed(std::string_view(buffer_ + start_, n));
      switch (framing_.framing()) {
        case BodyFraming::kNone: body_ended_ = true; break;
        case BodyFraming::kTooLarge:
          body_ended_ = true;
          must_close_ = true;
          break;
        case BodyFraming::kHeadersTooLarge: must_close_ = true; return -1;
        default: break;
      }
    } else if (framing_.framing() == BodyFraming::kChunked && !framing_.count_chunked(n)) {
      must_close_ = true;
      t_body_too_large = true;
      return -1;
    }
    std::memcpy(ptr, buffer_ + start_, n);
    start_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(fd_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(fd_, false, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  // Reads what has arrived, waiting no later than the request's deadline.
  bool fill() {
    start_ = end_ = 0;
    for (;;) {
      if (Clock::now() >= deadline_ || stopping_()) {
        must_close_ = true;
        return false;
      }
      pollfd p{fd_, POLLIN, 0};
      const int rc = ::poll(&p, 1, remaining_ms(deadline_));
      if (rc < 0 && errno != EINTR) return false;
      if (rc <= 0) continue;
      const ssize_t n = ::recv(fd_, buffer_, sizeof(buffer_), 0);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {
        eof_ = n == 0;
        return false;
      }
      end_ = static_cast<std::size_t>(n);
      return true;
    }
  }

  const int fd_;
  RequestFraming framing_;
  const milliseconds write_timeout_;
  const std::function<bool()> stopping_;
  Clock::time_point deadline_ = Clock::now();
  char buffer_[16 * 1024];
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  bool body_ended_ = false;
  bool must_close_ = false;
  bool eof_ = false;
};

}  // namespace

bool DeadlineServer::body_too_large() { return t_body_too_large; }

bool DeadlineServer::process_and_close_socket(socket_t sock) {
  const auto read_timeout = std::chrono::duration_cast<milliseconds>(
      std::chrono::seconds(read_timeout_sec_) + std::chrono::microseconds(read_timeout_usec_));
  const auto keep_alive_timeout = std::chrono::seconds(keep_alive_timeout_sec_);
  const auto write_timeout = std::chrono::duration_cast<milliseconds>(
      std::chrono::seconds(write_timeout_sec_) + std::chrono::microseconds(write_timeout_usec_));
  ConnectionStream stream(sock, payload_max_length_, write_timeout,
                          [this] { return svr_sock_ == INVALID_SOCKET; });
  const ServingConnection serving(sock);
  // The first request counts from the accept: a connection that sends nothing is not kept idle.
  Clock::time_point wait_until = Clock::now() + read_timeout;
  Clock::time_point request_deadline = wait_until;
  bool ok = true;
  for (std::size_t left = keep_alive_max_count_; left > 0; --left) {
    if (!stream.wait_readable(wait_until)) break;
    stream.begin_request(request_deadline);
    bool connection_closed = false;
    ok = process_request(stream, left == 1, connection_closed, nullptr);
    if (!ok || connection_closed || stream.must_close()) break;
    wait_until = Clock::now() + keep_alive_timeout;
    // Set when the next request's first byte is there: wait_readable returns at once then.
    if (!stream.wait_readable(wait_until)) break;
    request_deadline = Clock::now() + read_timeout;
    wait_until = request_deadline;
  }
  stream.close_gracefully();
  return ok;
}

}  // namespace gw::http
