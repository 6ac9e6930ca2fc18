// Closed-loop load generator for scripts/bench: N client threads, each with its own connection, send
// one request after another for a fixed time and record every latency. Three targets, one output shape
// (one JSON line on stdout), so a gateway figure and its baseline are measured the same way:
//   load dblib  host=127.0.0.1 port=P user=U password=W database=DemoDB query=Q clients=N seconds=S
//               [packet=N: the TDS packet size asked for at login, DBSETLPACKET; default db-lib's]
//   load mcp    url_port=P path=/demo/mcp tool=execute_sql args='{"query":"..."}' clients=N seconds=S
//               [keep_alive=no: every request on a new connection, "Connection: close"]
// Either mode: calls=K stops each thread after K calls (scripts/bench large: one timed call per
// round); mcp: expect=TEXT counts an answer only when it contains TEXT.
// (stdio-only MCP servers: bench/stdio_load.py, same output shape)
// mcp: each thread is one MCP client (initialize, notifications/initialized, then tools/call on a
// keep-alive connection), as Streamable HTTP (MCP 2025-06-18 "Transports") describes.
#include <sybfront.h>
#include <sybdb.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Set-up (login, initialize) is not timed: every thread reports ready, then the clock starts.
std::atomic<bool> g_go{false};
Clock::time_point g_stop;
long g_calls = 0;  // calls per thread; 0 = until g_stop

bool more(std::size_t done, Clock::time_point stop) {
  return g_calls > 0 ? static_cast<long>(done) < g_calls : Clock::now() < stop;
}

Clock::time_point wait_for_go(std::atomic<int>& ready) {
  ready.fetch_add(1);
  while (!g_go.load(std::memory_order_acquire)) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return g_stop;
}

std::map<std::string, std::string> parse_args(int argc, char** argv) {
  std::map<std::string, std::string> out;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    const auto eq = a.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "load: argument without '=': %s\n", a.c_str());
      std::exit(2);
    }
    out[a.substr(0, eq)] = a.substr(eq + 1);
  }
  return out;
}

std::string arg(const std::map<std::string, std::string>& m, const std::string& k,
                const std::string& fallback = "") {
  const auto it = m.find(k);
  if (it != m.end()) return it->second;
  if (fallback.empty()) {
    std::fprintf(stderr, "load: missing %s=\n", k.c_str());
    std::exit(2);
  }
  return fallback;
}

struct Samples {
  std::vector<double> latencies_ms;
  long errors = 0;
  std::string first_error;
};

struct Run {
  int clients;
  double seconds;
  std::mutex mutex;
  std::vector<Samples> per_thread;
};

void report(const std::string& mode, Run& run, double elapsed) {
  std::vector<double> all;
  long errors = 0;
  std::string first_error;
  for (auto& s : run.per_thread) {
    all.insert(all.end(), s.latencies_ms.begin(), s.latencies_ms.end());
    errors += s.errors;
    if (first_error.empty()) first_error = s.first_error;
  }
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    if (all.empty()) return 0.0;
    size_t i = static_cast<size_t>(p * static_cast<double>(all.size() - 1) + 0.5);
    return all[std::min(i, all.size() - 1)];
  };
  for (auto& c : first_error)
    if (c == '"' || c == '\\' || c < 0x20) c = ' ';
  std::printf(
      "{\"mode\":\"%s\",\"clients\":%d,\"ok\":%zu,\"errors\":%ld,\"seconds\":%.3f,"
      "\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"first_error\":\"%s\"}\n",
      mode.c_str(), run.clients, all.size(), errors, elapsed,
      static_cast<double>(all.size()) / elapsed, pct(0.50), pct(0.99),
      first_error.substr(0, 300).c_str());
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// ---- raw FreeTDS baseline: dbcmd/dbsqlexec/dbresults/dbnextrow, nothing else ----
int err_handler(DBPROCESS*, int, int, int, char* dberrstr, char*) {
  std::fprintf(stderr, "db-lib: %s\n", dberrstr ? dberrstr : "");
  return INT_CANCEL;
}
int msg_handler(DBPROCESS*, DBINT, int, int severity, char* text, char*, char*, int) {
  if (severity > 10) std::fprintf(stderr, "server: %s\n", text ? text : "");
  return 0;
}

void dblib_thread(const std::map<std::string, std::string>& a, Samples& s, std::atomic<int>& ready) {
  LOGINREC* login = dblogin();
  DBSETLUSER(login, arg(a, "user").c_str());
  DBSETLPWD(login, arg(a, "password").c_str());
  DBSETLVERSION(login, DBVERSION_74);
  DBSETLCHARSET(login, "UTF-8");
  if (const std::string packet = arg(a, "packet", "0"); packet != "0")
    DBSETLPACKET(login, std::stoi(packet));
  const std::string server = arg(a, "host", "127.0.0.1") + ":" + arg(a, "port");
  DBPROCESS* db = dbopen(login, server.c_str());
  dbloginfree(login);
  const bool used = db != nullptr && dbuse(db, arg(a, "database", "DemoDB").c_str()) != FAIL;
  const Clock::time_point stop = wait_for_go(ready);
  if (!used) {
    s.errors++;
    s.first_error = "dbopen/dbuse failed";
    return;
  }
  const std::string query = arg(a, "query");
  while (more(s.latencies_ms.size() + static_cast<std::size_t>(s.errors), stop)) {
    const auto t = Clock::now();
    bool ok = dbcmd(db, query.c_str()) == SUCCEED && dbsqlexec(db) == SUCCEED;
    long rows = 0;
    RETCODE rc;
    while (ok && (rc = dbresults(db)) != NO_MORE_RESULTS) {
      if (rc == FAIL) { ok = false; break; }
      while (dbnextrow(db) != NO_MORE_ROWS) ++rows;
    }
    if (ok && rows > 0) {
      s.latencies_ms.push_back(ms_since(t));
    } else {
      s.errors++;
      if (s.first_error.empty()) s.first_error = "query failed or returned no row";
    }
  }
  dbclose(db);
}

// ---- MCP over Streamable HTTP ----
struct McpClient {
  httplib::Client http;
  std::string path;
  std::string session;
  std::string version = "2025-06-18";

  McpClient(int port, std::string p, bool keep_alive)
      : http("127.0.0.1", port), path(std::move(p)) {
    http.set_keep_alive(keep_alive);
    http.set_tcp_nodelay(true);
    http.set_read_timeout(60, 0);
  }

  httplib::Headers headers() const {
    httplib::Headers h{{"Accept", "application/json, text/event-stream"}};
    if (!session.empty()) {
      h.emplace("Mcp-Session-Id", session);
      h.emplace("MCP-Protocol-Version", version);
    }
    return h;
  }

  // Returns "" on success, else a one-line reason.
  std::string post(const std::string& body, std::string* out_body = nullptr) {
    auto res = http.Post(path, headers(), body, "application/json");
    if (!res) return "http error " + httplib::to_string(res.error());
    if (res->status / 100 != 2) return "status " + std::to_string(res->status) + ": " + res->body;
    if (res->has_header("Mcp-Session-Id")) session = res->get_header_value("Mcp-Session-Id");
    if (out_body) *out_body = res->body;
    return "";
  }

  std::string initialize() {
    const std::string init =
        R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":")" + version +
        R"(","capabilities":{},"clientInfo":{"name":"mssql-mcp-bench","version":"1"}}})";
    std::string body;
    if (auto e = post(init, &body); !e.empty()) return "initialize: " + e;
    if (body.find("\"result\"") == std::string::npos) return "initialize: " + body.substr(0, 200);
    const auto at = body.find("\"protocolVersion\":\"");
    if (at != std::string::npos) {
      const auto start = at + 19;
      version = body.substr(start, body.find('"', start) - start);
    }
    return post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  }
};

std::string call_body(const std::map<std::string, std::string>& a, long id) {
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
         R"(,"method":"tools/call","params":{"name":")" + arg(a, "tool") +
         R"(","arguments":)" + arg(a, "args") + "}}";
}

// A tools/call answer counts only when it is a result that is not a tool error.
std::string check_result(const std::string& body) {
  if (body.find("\"result\"") == std::string::npos) return body.substr(0, 300);
  if (body.find("\"isError\":true") != std::string::npos) return body.substr(0, 300);
  return "";
}

void mcp_thread(const std::map<std::string, std::string>& a, Samples& s, std::atomic<int>& ready,
                long base_id) {
  McpClient c(std::stoi(arg(a, "url_port")), arg(a, "path", "/mcp"),
              arg(a, "keep_alive", "yes") == "yes");
  std::string e = arg(a, "initialize", "yes") == "yes" ? c.initialize() : "";
  const Clock::time_point stop = wait_for_go(ready);
  if (!e.empty()) {
    s.errors++;
    s.first_error = e;
    return;
  }
  long id = base_id;
  const std::string expect = arg(a, "expect", "\"result\"");
  while (more(s.latencies_ms.size() + static_cast<std::size_t>(s.errors), stop)) {
    const auto t = Clock::now();
    std::string body;
    e = c.post(call_body(a, ++id), &body);
    if (e.empty()) e = check_result(body);
    if (e.empty() && body.find(expect) == std::string::npos) e = "no " + expect + ": " + body.substr(0, 200);
    if (e.empty()) {
      s.latencies_ms.push_back(ms_since(t));
    } else {
      s.errors++;
      if (s.first_error.empty()) s.first_error = e;
      if (s.errors > 1000 && s.latencies_ms.empty()) return;  // Failing fast: stop early.
    }
  }
}

int run_threads(const std::string& mode, const std::map<std::string, std::string>& a) {
  Run run;
  run.clients = std::stoi(arg(a, "clients", "1"));
  run.seconds = std::stod(arg(a, "seconds", "5"));
  g_calls = std::stol(arg(a, "calls", "0"));
  run.per_thread.resize(static_cast<size_t>(run.clients));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < run.clients; ++i) {
    Samples& s = run.per_thread[static_cast<size_t>(i)];
    if (mode == "dblib")
      threads.emplace_back([&] { dblib_thread(a, s, ready); });
    else
      threads.emplace_back([&, i] { mcp_thread(a, s, ready, 1000000L * i); });
  }
  // Bounded wait for set-up: 60 s.
  for (int i = 0; i < 6000 && ready.load() < run.clients; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const auto start = Clock::now();
  g_stop = start + std::chrono::milliseconds(static_cast<long>(run.seconds * 1000));
  g_go.store(true, std::memory_order_release);
  for (auto& t : threads) t.join();
  report(mode, run, std::chrono::duration<double>(Clock::now() - start).count());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: load dblib|mcp key=value...\n");
    return 2;
  }
  const std::string mode = argv[1];
  const auto a = parse_args(argc, argv);
  if (mode == "dblib") {
    if (dbinit() == FAIL) return 1;
    dberrhandle(err_handler);
    dbmsghandle(msg_handler);
    return run_threads(mode, a);
  }
  if (mode == "mcp") return run_threads(mode, a);
  std::fprintf(stderr, "load: unknown mode %s\n", mode.c_str());
  return 2;
}
