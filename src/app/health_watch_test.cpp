#include "app/health_watch.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "app/scope.h"
#include "app/test_scope_config.h"
#include "config/loader.h"
#include "db/freetds_runtime.h"
#include "tools/audit_log.h"

namespace gw::app {

namespace {

// A probe whose copies are slow to destroy once armed: a probe thread that let its Scope go only
// after saying it was done (with the rest of its state) would then still hold the Scope for
// 100 ms after stop() returned, where the test looks.
struct SlowToLetGo {
  std::shared_ptr<std::atomic<bool>> armed = std::make_shared<std::atomic<bool>>(false);
  DatabaseHealth operator()(Scope&) const {
    return DatabaseHealth{.healthy = true, .detail = "connected"};
  }
  ~SlowToLetGo() {
    if (armed && *armed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
};

}  // namespace

// The gateway returns from main once stop() says no probe runs, and static destructors follow
// (the metrics registry a Scope's destructor unregisters from). A probe thread that still held
// the last reference to a Scope then ended it on freed memory: AddressSanitizer caught it at
// SIGTERM after a reload had dropped the scope.
TEST_CASE("HealthWatch: once stop() reports no probe running, no probe holds a Scope") {
  REQUIRE(db::ensure_freetds_initialized().is_ok());
  testing::ConfigFile file;
  file.write(testing::scope_entry("probed", "p"));
  auto audit = tools::AuditLog::disabled();
  auto loaded = config::load_file(file.path());
  REQUIRE(loaded.is_ok());
  CurrentScopes current;
  std::weak_ptr<Scope> held;
  {
    Reloader reloader(file.path(), "http://127.0.0.1:1", *audit, current);
    REQUIRE(reloader.start(*loaded).is_ok());
    held = current.get()->scopes().front();
  }
  SlowToLetGo probe;
  HealthWatch watch(current, probe);
  *probe.armed = true;
  watch.start();
  watch.wait_for_first_results(std::chrono::seconds(5));
  current.set(nullptr);  // a reload or the end of serving: only a probe may still hold it
  REQUIRE(watch.stop(std::chrono::seconds(10)));
  CHECK(held.expired());
  *probe.armed = false;
}

}  // namespace gw::app
