#include "util/random.h"

#include <doctest/doctest.h>

#include <set>
#include <thread>
#include <vector>

namespace gw {
namespace {

TEST_CASE("random values do not repeat, within a thread or across threads") {
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) CHECK(seen.insert(random_u64()).second);  // across refills
  std::vector<std::uint64_t> other(1000);
  std::thread([&] {
    for (auto& v : other) v = random_u64();
  }).join();
  for (std::uint64_t v : other) CHECK(seen.insert(v).second);
}

TEST_CASE("random values use all 64 bits") {
  std::uint64_t any = 0;
  std::uint64_t all = ~std::uint64_t{0};
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t v = random_u64();
    any |= v;
    all &= v;
  }
  CHECK(any == ~std::uint64_t{0});  // every bit was 1 at least once (odds against: 64 / 2^64)
  CHECK(all == 0);                  // and 0 at least once
}

}  // namespace
}  // namespace gw
