#include "http/client_watch.h"

#include <doctest/doctest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace gw::http {
namespace {

// A connected pair of sockets: [0] the server's end, [1] the client's.
struct SocketPair {
  int fd[2] = {-1, -1};
  SocketPair() { REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, fd) == 0); }
  ~SocketPair() {
    for (int f : fd) {
      if (f >= 0) close(f);
    }
  }
  void close_client() {
    close(fd[1]);
    fd[1] = -1;
  }
};

struct Signal {
  std::mutex mutex;
  std::condition_variable changed;
  int count = 0;
  void raise() {
    std::lock_guard lock(mutex);
    ++count;
    changed.notify_all();
  }
  // Bounded: a watch that never fires fails the test instead of hanging it.
  bool wait(std::chrono::seconds bound = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, bound, [this] { return count > 0; });
  }
};

TEST_CASE("a client that closes its end is noticed, once, by the watch and by client_gone") {
  SocketPair pair;
  const ServingConnection serving(pair.fd[0]);
  Signal gone;
  const ClientWatch watch([&gone] { gone.raise(); });
  REQUIRE(watch.armed());
  CHECK_FALSE(client_gone());
  pair.close_client();
  CHECK(gone.wait());
  CHECK(client_gone());
  CHECK(gone.count == 1);
}

TEST_CASE("bytes from a client that stays (a pipelined request) are not a departure") {
  SocketPair pair;
  const ServingConnection serving(pair.fd[0]);
  Signal gone;
  {
    const ClientWatch watch([&gone] { gone.raise(); });
    REQUIRE(write(pair.fd[1], "GET / HTTP/1.1\r\n", 16) == 16);
    CHECK_FALSE(client_gone());
  }
  // The watch ended before the close: nothing may run after its destructor returned.
  pair.close_client();
  CHECK_FALSE(gone.wait(std::chrono::seconds(0)));
}

TEST_CASE("a thread that serves no connection watches nothing") {
  const ClientWatch watch([] {});
  CHECK_FALSE(watch.armed());
  CHECK_FALSE(client_gone());
}

TEST_CASE("one watch per connection at a time; a moved watch stays armed") {
  SocketPair pair;
  const ServingConnection serving(pair.fd[0]);
  Signal gone;
  ClientWatch first([&gone] { gone.raise(); });
  const ClientWatch second([] {});
  CHECK_FALSE(second.armed());
  ClientWatch moved = std::move(first);
  CHECK(moved.armed());
  CHECK_FALSE(first.armed());
  pair.close_client();
  CHECK(gone.wait());
}

}  // namespace
}  // namespace gw::http
