#include "http/request_framing.h"

#include <cctype>

namespace gw::http {
namespace {

// Enough of a line to read a header name and a Content-Length value; longer lines are kept short.
constexpr std::size_t kKeptLineBytes = 64;

bool starts_with_name(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

// RFC 9110 §8.6: 1*DIGIT, surrounded by optional whitespace. Anything else is left to the parser.
bool parse_length(std::string_view value, std::uint64_t& out, bool& overflow) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
    value.remove_suffix(1);
  }
  if (value.empty()) return false;
  out = 0;
  overflow = false;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    if (out > (UINT64_MAX - 9) / 10) overflow = true;
    if (!overflow) out = out * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

std::size_t RequestFraming::feed(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && in_headers()) {
    const char c = bytes[used++];
    if (++header_bytes_ > kMaxHeaderBytes) {
      framing_ = BodyFraming::kHeadersTooLarge;
      break;
    }
    if (c == '\n') {
      end_line();
    } else if (line_.size() < kKeptLineBytes) {
      line_ += c;
    }
  }
  return used;
}

void RequestFraming::end_line() {
  std::string_view line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const bool request_line = lines_++ == 0;
  if (line.empty() && !request_line) {
    if (transfer_encoding_) {
      framing_ = BodyFraming::kChunked;
    } else if (!content_length_) {
      framing_ = BodyFraming::kNone;
    } else if (content_length_valid_ && content_length_value_ > max_body_bytes_) {
      framing_ = BodyFraming::kTooLarge;
    } else {
      framing_ = BodyFraming::kLength;
    }
  } else if (starts_with_name(line, "content-length")) {
    content_length_ = true;
    bool overflow = false;
    std::uint64_t value = 0;
    // A value cut at kKeptLineBytes is longer than any 64-bit number: too large.
    const bool cut = line_.size() >= kKeptLineBytes;
    content_length_valid_ = parse_length(line.substr(15), value, overflow) || cut;
    if (cut || overflow) value = UINT64_MAX;
    content_length_value_ = value;
  } else if (starts_with_name(line, "transfer-encoding")) {
    transfer_encoding_ = true;
  }
  line_.clear();
}

bool RequestFraming::count_chunked(std::size_t n) {
  chunked_bytes_ += n;
  return chunked_bytes_ <= max_body_bytes_ + max_body_bytes_ / 32 + 1024;
}

void RequestFraming::reset() {
  framing_ = BodyFraming::kHeadersIncomplete;
  header_bytes_ = 0;
  lines_ = 0;
  chunked_bytes_ = 0;
  line_.clear();
  content_length_ = false;
  content_length_valid_ = true;
  content_length_value_ = 0;
  transfer_encoding_ = false;
}

}  // namespace gw::http
