#pragma once
// One response written incrementally on its connection: SSE frames (progress, then the answer) and,
// for streamed results, chunks of rows as they arrive. The one way the gateway writes a response
// while work is still running, so every such writer notices a client that went away the same way:
//   - the writer runs inside cpp-httplib's chunked content provider, on the connection's thread;
//     writes may come from that thread or from a tool's callback, serialized here;
//   - the first write that fails means the client is gone: `gone` is cancelled (and with it the
//     tools/calls linked to it) and later writes are dropped;
//   - while nothing is written (a query computes), the http::ClientWatch each tools/call arms
//     notices the same departure at once; a writer looping over rows may ask http::client_gone().
// Whether a gone client cancels is the transport's decision: `gone` is null where it must not.

#include <httplib.h>

#include <mutex>
#include <string_view>
#include <utility>

#include "util/cancellation.h"

namespace gw::mcp {

class StreamWriter {
 public:
  // sink must stay valid until close(); gone may be null.
  StreamWriter(httplib::DataSink& sink, CancellationTokenPtr gone)
      : sink_(sink), gone_(std::move(gone)) {}

  // False once the client is gone or the writer closed; the bytes are then dropped.
  bool write(std::string_view bytes);
  // Ends the response (sink.done()) and drops every later write: a tool thread still holding the
  // writer must not touch a sink whose provider returned.
  void close();

 private:
  std::mutex mutex_;
  httplib::DataSink& sink_;
  CancellationTokenPtr gone_;
  bool failed_ = false;
  bool closed_ = false;
};

}  // namespace gw::mcp
