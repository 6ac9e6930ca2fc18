#include "oauth/bounded_lookup.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace gw::oauth {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A resolver that answers only when released: a name server that does not answer in time.
struct HeldResolver {
  std::mutex mu;
  std::condition_variable cv;
  bool released = false;
  std::atomic<int> finished{0};

  LookupFn fn() {
    return [this](const std::string&) -> Result<std::vector<std::string>> {
      std::unique_lock lock(mu);
      cv.wait(lock, [this] { return released; });
      ++finished;
      return std::vector<std::string>{"192.0.2.1"};
    };
  }
  void release() {
    std::lock_guard lock(mu);
    released = true;
    cv.notify_all();
  }
};

TEST_CASE("a lookup answers its addresses before the deadline") {
  BoundedLookup lookup([](const std::string& name) -> Result<std::vector<std::string>> {
    return std::vector<std::string>{name == "example.com" ? "93.184.215.14" : "0.0.0.0"};
  });
  auto r = lookup.resolve("example.com", steady_clock::now() + std::chrono::seconds(30));
  REQUIRE(r.is_ok());
  CHECK(r->at(0) == "93.184.215.14");
  CHECK(lookup.abandoned() == 0);
}

TEST_CASE("a lookup past its deadline is abandoned, and abandoned lookups are bounded") {
  HeldResolver resolver;
  BoundedLookup lookup(resolver.fn(), 2);
  for (int i = 0; i < 2; ++i) {
    auto r = lookup.resolve("slow.example", steady_clock::now() + milliseconds(20));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == StatusCode::kUnavailable);
    CHECK(r.status().message() == "host slow.example did not resolve within the deadline");
  }
  CHECK(lookup.abandoned() == 2);
  // The bound: refused without starting another lookup.
  auto refused = lookup.resolve("slow.example", steady_clock::now() + std::chrono::seconds(30));
  REQUIRE_FALSE(refused.is_ok());
  CHECK(refused.status().message() == "too many host name lookups are still running");
  resolver.release();
  for (int i = 0; i < 500 && lookup.abandoned() != 0; ++i)
    std::this_thread::sleep_for(milliseconds(10));
  CHECK(lookup.abandoned() == 0);
  CHECK(resolver.finished == 2);
  CHECK(lookup.resolve("slow.example", steady_clock::now() + std::chrono::seconds(30)).is_ok());
}

TEST_CASE(
    "the system resolver answers numeric addresses as they are and refuses what does not resolve") {
  auto v4 = system_lookup("127.0.0.1");
  REQUIRE(v4.is_ok());
  CHECK(v4->at(0) == "127.0.0.1");
  auto v6 = system_lookup("::1");
  REQUIRE(v6.is_ok());
  CHECK(v6->at(0) == "::1");
}

}  // namespace
}  // namespace gw::oauth
