#include "mcp/stream_writer.h"

namespace gw::mcp {

bool StreamWriter::write(std::string_view bytes) {
  std::lock_guard lock(mutex_);
  if (closed_ || failed_) return false;
  if (sink_.write(bytes.data(), bytes.size())) return true;
  failed_ = true;
  if (gone_) gone_->cancel();
  return false;
}

void StreamWriter::close() {
  std::lock_guard lock(mutex_);
  // Without done() cpp-httplib calls a chunked provider again; after a failed write it is a no-op.
  if (!closed_) sink_.done();
  closed_ = true;
}

}  // namespace gw::mcp
