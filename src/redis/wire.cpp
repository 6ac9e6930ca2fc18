#include "redis/wire.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace gw::redis {
namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

Reply copy_reply(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING: out.type = Reply::Type::kString; break;
    case REDIS_REPLY_STATUS: out.type = Reply::Type::kStatus; break;
    case REDIS_REPLY_ERROR: out.type = Reply::Type::kError; break;
    case REDIS_REPLY_INTEGER: out.type = Reply::Type::kInteger; break;
    case REDIS_REPLY_ARRAY: out.type = Reply::Type::kArray; break;
    default: out.type = Reply::Type::kNil; break;
  }
  if (r->str != nullptr) out.text.assign(r->str, r->len);
  out.integer = r->integer;
  for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy_reply(r->element[i]));
  return out;
}

// OpenSSL's error queue as text, emptied (it is per thread: what is left would confuse the next
// TLS call of this thread, here or in cpp-httplib).
std::string tls_error() {
  std::string out;
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "TLS error" : out;
}

// SSL_write on a socket whose peer left raises SIGPIPE (OpenSSL writes with write(2), not with
// send(2)'s MSG_NOSIGNAL), which would end the process. The write blocks it on this thread and
// consumes one it caused.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{0, 0};
        sigtimedwait(&pipe_, nullptr, &zero);
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_, old_;
  bool was_pending_ = false;
};

// A non-blocking TCP connection to host:port within the deadline, trying each address.
Result<int> connect_tcp(const std::string& host, int port, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) return unavailable(std::string("cannot resolve ") + host + ": " + gai_strerror(rc));
  std::string why = "no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      why = std::strerror(errno);
      continue;
    }
    int error = 0;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      error = errno;
      if (error == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        const int ready = ::poll(&p, 1, ms_left(deadline));
        socklen_t len = sizeof error;
        if (ready <= 0) {
          error = ETIMEDOUT;
        } else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0) {
          error = errno;
        }
      }
    }
    if (error != 0) {
      why = std::strerror(error);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return unavailable(why);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool is_ip_address(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

Result<std::unique_ptr<Wire>> Wire::open(const config::StateStore& address,
                                         int connect_timeout_ms) {
  const Deadline deadline = Clock::now() + std::chrono::milliseconds(connect_timeout_ms);
  std::unique_ptr<Wire> wire(new Wire());
  auto fd = connect_tcp(address.host, address.port, deadline);
  if (!fd) return fd.status();
  wire->fd_ = *fd;
  wire->reader_ = redisReaderCreate();
  if (wire->reader_ == nullptr) return unavailable("out of memory");
  if (address.tls) GW_RETURN_IF_ERROR(wire->handshake(address, deadline));
  return wire;
}

Wire::~Wire() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
  if (reader_ != nullptr) redisReaderFree(reader_);
  if (fd_ >= 0) ::close(fd_);
}

bool Wire::wait(short events, Deadline deadline) const {
  for (;;) {
    pollfd p{fd_, events, 0};
    const int ready = ::poll(&p, 1, ms_left(deadline));
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

Status Wire::handshake(const config::StateStore& address, Deadline deadline) {
  ERR_clear_error();
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (ctx_ == nullptr) return unavailable(tls_error());
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
  const bool loaded = address.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx_) == 1
                                              : SSL_CTX_load_verify_locations(
                                                    ctx_, address.ca_file.c_str(), nullptr) == 1;
  if (!loaded) return unavailable("cannot load the CA certificates: " + tls_error());
  ssl_ = SSL_new(ctx_);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) return unavailable(tls_error());
  // RFC 6125: the certificate must name the host we asked for (an IP address: in its SANs).
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_);
  if (is_ip_address(address.host)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, address.host.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl_, address.host.c_str());
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, address.host.c_str(), 0);
  }
  for (;;) {
    const int r = SSL_connect(ssl_);
    if (r == 1) return Status::ok();
    const int error = SSL_get_error(ssl_, r);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      if (!wait(error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
        return unavailable("TLS handshake timed out");
      }
      continue;
    }
    const long verify = SSL_get_verify_result(ssl_);
    if (verify != X509_V_OK) {
      ERR_clear_error();
      return unavailable(std::string("TLS: the server's certificate is not trusted: ") +
                         X509_verify_cert_error_string(verify));
    }
    return unavailable("TLS handshake failed: " + tls_error());
  }
}

Status Wire::send(const std::vector<std::string>& args, int timeout_ms) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  char* formatted = nullptr;
  const int length = redisFormatCommandArgv(&formatted, static_cast<int>(argv.size()), argv.data(),
                                            lengths.data());
  if (length < 0) return unavailable("out of memory");
  const std::string out(formatted, static_cast<std::size_t>(length));
  redisFreeCommand(formatted);
  const Deadline deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::size_t sent = 0;
  while (sent < out.size()) {
    short want = POLLOUT;
    if (ssl_ != nullptr) {
      const SigpipeGuard guard;
      ERR_clear_error();
      const int n = SSL_write(ssl_, out.data() + sent, static_cast<int>(out.size() - sent));
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      const int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_WANT_READ) {
        want = POLLIN;
      } else if (error != SSL_ERROR_WANT_WRITE) {
        return unavailable("connection lost: " + tls_error());
      }
    } else {
      const ssize_t n = ::send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
        return unavailable(std::string("connection lost: ") + std::strerror(errno));
      }
    }
    if (!wait(want, deadline)) return unavailable("timed out sending to Redis");
  }
  return Status::ok();
}

Result<Reply> Wire::receive(int timeout_ms) {
  const Deadline deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
      return unavailable(std::string("protocol error: ") + reader_->errstr);
    }
    if (raw != nullptr) {
      auto* r = static_cast<redisReply*>(raw);
      Reply reply = copy_reply(r);
      freeReplyObject(r);
      return reply;
    }
    char buf[16 * 1024];
    short want = POLLIN;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      const int n = SSL_read(ssl_, buf, sizeof buf);
      if (n > 0) {
        redisReaderFeed(reader_, buf, static_cast<std::size_t>(n));
        continue;
      }
      const int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_WANT_WRITE) {
        want = POLLOUT;
      } else if (error == SSL_ERROR_ZERO_RETURN) {
        return unavailable("connection closed by Redis");
      } else if (error != SSL_ERROR_WANT_READ) {
        return unavailable("connection lost: " + tls_error());
      }
    } else {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        redisReaderFeed(reader_, buf, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0) return unavailable("connection closed by Redis");
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        return unavailable(std::string("connection lost: ") + std::strerror(errno));
      }
    }
    if (!wait(want, deadline)) return deadline_exceeded("no reply within the timeout");
  }
}

Result<Reply> Wire::call(const std::vector<std::string>& args, int timeout_ms) {
  GW_RETURN_IF_ERROR(send(args, timeout_ms));
  auto reply = receive(timeout_ms);
  if (!reply && reply.status().code() == StatusCode::kDeadlineExceeded) {
    return unavailable("Redis did not answer within " + std::to_string(timeout_ms) + " ms");
  }
  return reply;
}

}  // namespace gw::redis
