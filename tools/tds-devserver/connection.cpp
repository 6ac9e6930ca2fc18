#include "connection.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace gw::tdsdev {

Connection::~Connection() { ::close(fd_); }

bool Connection::fill(int timeout_ms) {
  pollfd p{fd_, POLLIN, 0};
  int r = ::poll(&p, 1, timeout_ms);
  if (r <= 0) return r == 0 || errno == EINTR;
  uint8_t buf[16384];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    closed_ = true;
    return false;
  }
  if (!in_.feed(buf, static_cast<size_t>(n))) {
    closed_ = true;
    return false;
  }
  Message m;
  while (in_.next(m)) {
    if (m.type == kPacketAttention)
      attention_ = true;
    else
      queued_.push_back(std::move(m));
  }
  return true;
}

bool Connection::read_message(Message& m) {
  while (queued_.empty()) {
    if (closed_ || stop_->load()) return false;
    if (attention_) {  // an ATTENTION between requests still wants its acknowledgement
      m = Message{kPacketAttention, {}};
      attention_ = false;
      return true;
    }
    if (!fill(200)) return false;
  }
  m = std::move(queued_.front());
  queued_.erase(queued_.begin());
  return true;
}

bool Connection::attention_pending() {
  if (!attention_ && !closed_) fill(0);
  return attention_ || closed_ || stop_->load();
}

bool Connection::send(const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd_, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      closed_ = true;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

}  // namespace gw::tdsdev
