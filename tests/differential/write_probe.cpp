#include "write_probe.h"

#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "connection.h"
#include "demo_db.h"
#include "executor.h"
#include "packet.h"
#include "sql_functions.h"

namespace gw::differential {
namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "write probe: %s\n", what.c_str());
  std::abort();
}

long long pragma_value(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) fail(sqlite3_errmsg(db));
  const long long value = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return value;
}

bool is_schema_table(const char* table) {
  return table != nullptr &&
         (std::string(table) == "sqlite_master" || std::string(table) == "sqlite_schema");
}

bool is_main(const char* database) {
  return database != nullptr && std::string(database) == "main";
}

}  // namespace

struct WriteProbe::Engine {
  std::filesystem::path dir;
  sqlite3* db = nullptr;
  sqlite3* observer = nullptr;  // a second connection: data_version moves when db commits
  tdsdev::TypeTags tags;
  tdsdev::SessionInfo info;
  std::atomic<bool> stop{false};
  int peer_fd = -1;
  std::unique_ptr<tdsdev::Connection> conn;
  std::unique_ptr<tdsdev::PacketWriter> out;
  tdsdev::SessionState state;
  std::unique_ptr<tdsdev::Executor> executor;
  WriteReport report;

  static int authorize(void* self, int action, const char* a, const char* b, const char* database,
                       const char*) {
    auto* e = static_cast<Engine*>(self);
    bool write = false;
    switch (action) {
      case SQLITE_INSERT:
      case SQLITE_UPDATE:
      case SQLITE_DELETE:
        // Rows of a main table. The schema table is not counted here: SQLite names it while the
        // engine prepares its own catalog statements, and a real DDL write comes with a CREATE,
        // DROP or ALTER action below.
        write = is_main(database) && !is_schema_table(a);
        break;
      case SQLITE_CREATE_TABLE:
      case SQLITE_CREATE_INDEX:
      case SQLITE_CREATE_VIEW:
      case SQLITE_CREATE_TRIGGER:
      case SQLITE_DROP_TABLE:
      case SQLITE_DROP_INDEX:
      case SQLITE_DROP_VIEW:
      case SQLITE_DROP_TRIGGER:
      case SQLITE_ALTER_TABLE: write = is_main(database); break;
      case SQLITE_ATTACH:
      case SQLITE_DETACH: write = true; break;
      default: break;
    }
    if (write) {
      if (e->report.main_writes++ == 0) {
        e->report.first_write = std::string("action ") + std::to_string(action) + " on " +
                                (database ? database : "") + "." + (a ? a : "") +
                                (b ? std::string(".") + b : "");
      }
    }
    return SQLITE_OK;
  }
};

WriteProbe::WriteProbe() : engine_(std::make_unique<Engine>()) {
  Engine& e = *engine_;
  char pattern[] = "/tmp/write-probe-XXXXXX";
  if (mkdtemp(pattern) == nullptr) fail("mkdtemp failed");
  e.dir = pattern;
  const std::string path = (e.dir / "demo.sqlite").string();
  if (auto s = tdsdev::prepare_database(path, true, 0); !s.is_ok()) fail(s.message());
  if (sqlite3_open_v2(path.c_str(), &e.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
          SQLITE_OK ||
      sqlite3_open_v2(path.c_str(), &e.observer, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    fail("cannot open " + path);
  }
  sqlite3_exec(e.db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  e.state.database = "DemoDB";
  e.state.user = "gateway";
  e.state.tds_version = 0x74000004;
  e.info.database = e.state.database;
  e.info.user = e.state.user;
  if (auto s = tdsdev::register_functions(e.db, &e.tags, &e.info); !s.is_ok()) fail(s.message());
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) fail("socketpair failed");
  e.peer_fd = fds[1];
  e.conn = std::make_unique<tdsdev::Connection>(fds[0], &e.stop);
  e.out = std::make_unique<tdsdev::PacketWriter>([](const uint8_t*, size_t) { return true; },
                                                 tdsdev::kDefaultPacketSize);
  e.executor = std::make_unique<tdsdev::Executor>(e.db, e.tags, *e.out, *e.conn, e.state);
  sqlite3_set_authorizer(e.db, &Engine::authorize, &e);
}

WriteProbe::~WriteProbe() {
  Engine& e = *engine_;
  e.executor.reset();
  e.conn.reset();
  if (e.peer_fd >= 0) close(e.peer_fd);
  sqlite3_close_v2(e.db);
  sqlite3_close_v2(e.observer);
  std::error_code ignored;
  std::filesystem::remove_all(e.dir, ignored);
}

WriteReport WriteProbe::run(const std::string& batch) {
  Engine& e = *engine_;
  e.report = WriteReport{};
  const long long schema = pragma_value(e.db, "PRAGMA main.schema_version");
  const long long data = pragma_value(e.observer, "PRAGMA data_version");
  // A watchdog: a recursive CTE or a cross join of big tables would otherwise run for minutes.
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(m);
    if (!cv.wait_for(lock, std::chrono::seconds(1), [&] { return done; })) sqlite3_interrupt(e.db);
  });
  e.executor->run_batch(batch);
  {
    std::lock_guard<std::mutex> lock(m);
    done = true;
  }
  cv.notify_one();
  watchdog.join();
  e.report.schema_changed = pragma_value(e.db, "PRAGMA main.schema_version") != schema;
  e.report.data_changed = pragma_value(e.observer, "PRAGMA data_version") != data;
  return e.report;
}

}  // namespace gw::differential
