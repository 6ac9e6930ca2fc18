#pragma once
// Reads the framing of one HTTP/1.1 request from the bytes a request parser consumes, so the
// connection stream (deadline_server.h) can answer the questions cpp-httplib 0.11 gets wrong:
//   - a request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3,
//     rule 7); httplib reads such a POST until the client closes, holding the connection for the
//     read timeout;
//   - a Content-Length past the body limit need not be read at all (httplib reads and discards it);
//   - a chunked body is not held to the body limit by httplib, so it is counted here;
//   - the header section is bounded in size.
// Pure: no I/O, table-tested in request_framing_test.cpp.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gw::http {

enum class BodyFraming {
  kHeadersIncomplete,  // the empty line that ends the header section has not been seen yet
  kNone,               // no Content-Length and no Transfer-Encoding: the body is empty
  kLength,             // Content-Length within the limit
  kTooLarge,           // Content-Length past the limit: refuse without reading it
  kChunked,            // Transfer-Encoding: the body is counted as it is read
  kHeadersTooLarge,    // the header section is past kMaxHeaderBytes
};

class RequestFraming {
 public:
  // Larger than cpp-httplib's own 8 KiB line limit times a generous number of headers.
  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

  explicit RequestFraming(std::uint64_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

  // Feeds header bytes; returns how many of `bytes` belong to the header section (all of them
  // until its final line feed). Only meaningful while framing() is kHeadersIncomplete.
  std::size_t feed(std::string_view bytes);
  BodyFraming framing() const { return framing_; }
  bool in_headers() const { return framing_ == BodyFraming::kHeadersIncomplete; }

  // Counts body bytes of a chunked request; false once the raw bytes (data plus chunk framing) are
  // past the limit with room for framing (a chunk line per 256 bytes at least).
  bool count_chunked(std::size_t n);

  // Starts over for the next request on the connection.
  void reset();

 private:
  void end_line();

  const std::uint64_t max_body_bytes_;
  BodyFraming framing_ = BodyFraming::kHeadersIncomplete;
  std::size_t header_bytes_ = 0;
  std::size_t lines_ = 0;
  std::uint64_t chunked_bytes_ = 0;
  std::string line_;  // the current header line, kept only up to what the names need
  bool content_length_ = false;
  bool content_length_valid_ = true;
  std::uint64_t content_length_value_ = 0;
  bool transfer_encoding_ = false;
};

}  // namespace gw::http
