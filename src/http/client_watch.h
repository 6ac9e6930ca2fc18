#pragma once
// Noticing that the client of a request went away while the gateway is still working on its
// answer: the one way every response writer (JSON bodies, SSE streams, streamed results) shares.
//
//   - While nothing is being written (a query runs), a ClientWatch holds the connection in one
//     process-wide epoll set; when the peer closes (FIN: EPOLLRDHUP) or resets it (EPOLLHUP,
//     EPOLLERR), on_gone runs at once on the watcher thread. Pipelined bytes (EPOLLIN) do not
//     count.
//   - While writing incrementally (cpp-httplib's chunked content provider, on the connection's own
//     thread), a DataSink::write that fails means the same; client_gone() is the cheap check a
//     writer makes between rows without writing.
// A peer's FIN is read as "gone", as NGINX does (client prematurely closed connection, 499, unless
// proxy_ignore_client_abort) and Go's net/http (the request context ends on EOF): an HTTP/1.1
// client that half-closes and still waits for its answer is too rare to serve at that price, and
// behind NGINX a client's abort reaches us exactly as a FIN.
//
// Whether a gone client cancels anything is the caller's decision (MCP transports: README,
// Cancellation); this file only notices.

#include <cstdint>
#include <functional>

namespace gw::http {

// Marks the calling thread as the one serving connection fd (DeadlineServer, for each connection),
// so ClientWatch and client_gone() know which socket is "the client".
class ServingConnection {
 public:
  explicit ServingConnection(int fd);
  ~ServingConnection();
  ServingConnection(const ServingConnection&) = delete;
  ServingConnection& operator=(const ServingConnection&) = delete;

 private:
  int previous_;
};

class ClientWatch {
 public:
  ClientWatch() = default;  // watches nothing
  // Watches the connection the calling thread serves; on_gone runs at most once, on the watcher
  // thread, and must be quick (it cancels a token). Watches nothing when the thread serves no
  // connection or the connection already has a watch (one per connection at a time).
  explicit ClientWatch(std::function<void()> on_gone);
  // After it returns, on_gone is not running and never will.
  ~ClientWatch();
  ClientWatch(ClientWatch&& other) noexcept;
  ClientWatch& operator=(ClientWatch&& other) noexcept;
  ClientWatch(const ClientWatch&) = delete;
  ClientWatch& operator=(const ClientWatch&) = delete;

  bool armed() const { return id_ != 0; }

 private:
  std::uint64_t id_ = 0;
};

// Whether the client of the connection the calling thread serves closed or reset it. Non-blocking
// (one poll(2)); false when the thread serves no connection.
bool client_gone();

}  // namespace gw::http
