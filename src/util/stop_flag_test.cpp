#include "util/stop_flag.h"

#include <doctest/doctest.h>

namespace gw::util {

TEST_CASE("StopFlag: watchers run once when it is set, at once when it already was") {
  StopFlag flag = StopFlag::create();
  const StopFlag copy = flag;  // copies share the flag
  int first = 0, gone = 0, late = 0;
  auto watch = copy.watch([&] { ++first; });
  {
    auto dropped = flag.watch([&] { ++gone; });
  }
  CHECK_FALSE(copy.is_set());
  flag.set();
  flag.set();
  CHECK(copy.is_set());
  CHECK(first == 1);
  CHECK(gone == 0);  // its Watch was destroyed before the flag was set
  auto after = copy.watch([&] { ++late; });
  CHECK(late == 1);
  int never = 0;
  const StopFlag unset;  // default-constructed: never set, its watchers never run
  auto idle = unset.watch([&] { ++never; });
  CHECK_FALSE(unset.is_set());
  CHECK(never == 0);
}

TEST_CASE("StopFlag: a moved Watch still unregisters once") {
  StopFlag flag = StopFlag::create();
  int runs = 0;
  StopFlag::Watch kept;
  {
    auto watch = flag.watch([&] { ++runs; });
    kept = std::move(watch);
  }
  flag.set();
  CHECK(runs == 1);
  StopFlag other = StopFlag::create();
  {
    StopFlag::Watch moved(other.watch([&] { ++runs; }));
  }
  other.set();
  CHECK(runs == 1);
}

}  // namespace gw::util
