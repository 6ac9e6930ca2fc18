#include "app/database_probe.h"

#include <doctest/doctest.h>

namespace gw::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("a probe starts when due and never twice at once; health reads the last result") {
  ManualClock clock;
  DatabaseProbe probe(clock);
  CHECK(reported_health(probe.read(), seconds(5)).detail == "not probed yet");
  CHECK_FALSE(reported_health(probe.read(), seconds(5)).healthy);

  REQUIRE(probe.start_if_due(seconds(10)));
  CHECK_FALSE(probe.start_if_due(seconds(10)));  // running
  clock.advance_ms(1500);
  ProbeReading reading = probe.read();
  CHECK_FALSE(reading.last.has_value());
  REQUIRE(reading.running_s.has_value());
  CHECK(*reading.running_s == doctest::Approx(1.5));

  probe.finish({true, "answering (pool: 1 open, 0 in use)"});
  CHECK(probe.has_result());
  clock.advance_seconds(3);
  reading = probe.read();
  CHECK_FALSE(reading.running_s.has_value());
  CHECK(reading.age_s == doctest::Approx(3.0));
  CHECK(reported_health(reading, seconds(5)).healthy);
  CHECK(reported_health(reading, seconds(5)).detail == "answering (pool: 1 open, 0 in use)");

  // The interval counts from the start of the last probe.
  clock.advance_ms(5000);
  CHECK_FALSE(probe.start_if_due(seconds(10)));
  clock.advance_ms(500);
  CHECK(probe.start_if_due(seconds(10)));
}

TEST_CASE("a probe waiting past the bound reports the database degraded, whatever it said before") {
  ManualClock clock;
  DatabaseProbe probe(clock);
  REQUIRE(probe.start_if_due(milliseconds(1000)));
  probe.finish({true, "answering"});
  clock.advance_seconds(2);
  REQUIRE(probe.start_if_due(milliseconds(1000)));  // the database froze during this one
  clock.advance_seconds(4);
  CHECK(reported_health(probe.read(), seconds(5)).healthy);  // not yet past the bound
  clock.advance_seconds(3);
  const ProbeReading reading = probe.read();
  const DatabaseHealth health = reported_health(reading, seconds(5));
  CHECK_FALSE(health.healthy);
  CHECK(health.detail == "the database has not answered the health probe for 7 s");
  CHECK(reading.age_s == doctest::Approx(9.0));  // the last answer is still reported, with its age
}

TEST_CASE("a rebuilt scope starts from its predecessor's last result, and probes at once") {
  ManualClock clock;
  DatabaseProbe old_probe(clock);
  REQUIRE(old_probe.start_if_due(std::chrono::seconds(10)));
  old_probe.finish({true, "answering"});
  clock.advance_seconds(4);
  DatabaseProbe fresh(clock);
  fresh.carry_over(old_probe);
  const ProbeReading reading = fresh.read();
  REQUIRE(reading.last.has_value());
  CHECK(reading.last->detail == "answering");
  CHECK(reading.age_s == doctest::Approx(4.0));
  CHECK(fresh.start_if_due(std::chrono::seconds(10)));
  DatabaseProbe never(clock);
  fresh.carry_over(never);  // nothing to carry: what it has stays
  CHECK(fresh.has_result());
}

}  // namespace
}  // namespace gw::app
