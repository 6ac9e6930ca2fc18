#pragma once
// For mcp/ unit tests: a DataSink as cpp-httplib hands it to a chunked provider, writing into a
// string that "fails" once the client has gone.

#include <httplib.h>

#include <string>

namespace gw::mcp::testing {

struct RecordingSink {
  std::string written;
  bool client_gone = false;
  int done_calls = 0;
  httplib::DataSink sink;
  RecordingSink() {
    sink.write = [this](const char* d, size_t n) {
      if (client_gone) return false;
      written.append(d, n);
      return true;
    };
    sink.done = [this] { ++done_calls; };
  }
};

}  // namespace gw::mcp::testing
