#pragma once
// cpp-httplib 0.11 bounds each recv() by the read timeout, never a whole request: a client that
// sends one header byte every few seconds (slowloris) holds a connection thread for as long as it
// likes, and enough of them fill server.max_connections, after which nobody is served. It also
// reads the body of a POST without Content-Length until the client closes, and does not hold
// chunked bodies to the body limit. DeadlineServer serves each accepted connection with its own
// keep-alive loop over its own stream (httplib lets a subclass replace process_and_close_socket),
// so that:
//   - a new connection must deliver its whole first request within read_timeout of being accepted;
//   - a later request must arrive within keep_alive_timeout, and then all of it within read_timeout
//     of its first byte;
//   - a request without Content-Length or Transfer-Encoding has an empty body (RFC 9112 §6.3);
//   - a Content-Length past payload_max_length is answered 413 without reading the body, and a
//     chunked body past it ends the request (framing in request_framing.h);
//   - a connection whose request was cut short is closed after the answer (its unread bytes must
//     not be taken for the next request), after a bounded drain so the client can read the answer.
// Timeouts, limits and the keep-alive count are httplib's own settings (set_read_timeout, ...).

#include <httplib.h>

namespace gw::http {

class DeadlineServer : public httplib::Server {
 public:
  // On a connection thread, while a request is answered: its chunked body went past the body limit
  // and was not read to the end (httplib reports that as a malformed request, status 400).
  static bool body_too_large();

 private:
  bool process_and_close_socket(socket_t sock) override;
};

}  // namespace gw::http
