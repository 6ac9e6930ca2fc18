#include "session.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "connection.h"
#include "executor.h"
#include "log.h"
#include "login.h"
#include "rpc_request.h"
#include "security_model.h"
#include "session_context.h"
#include "sql_functions.h"
#include "tokens.h"

namespace gw::tdsdev {

bool equal_secret(const std::string& a, const std::string& b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

namespace {

class Session {
 public:
  Session(int fd, int id, const Options& o, const std::atomic<bool>& stop)
      : conn_(fd, &stop),
        options_(o),
        out_([this](const uint8_t* p, size_t n) { return conn_.send(p, n); }, kDefaultPacketSize) {
    state_.connection_id = id;
    state_.spid = 50 + id % 30000;
    state_.database = o.database;
    state_.context = &context_;
  }
  ~Session() {
    if (db_) sqlite3_close_v2(db_);
  }

  void run() {
    if (!handshake()) return;
    Executor exec(db_, tags_, out_, conn_, state_);
    info_.transactions = &exec.transactions();
    Message m;
    while (conn_.read_message(m)) {
      if (m.type == kPacketAttention) {
        exec.acknowledge_attention();
        continue;
      }
      if (options_.latency_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(options_.latency_ms));
      if (m.reset_connection) {
        context_.reset();
        exec.reset_connection();
      }
      if (m.type == kPacketSqlBatch) {
        auto sql = parse_sql_batch(m.payload);
        if (sql) exec.run_batch(*sql);
      } else if (m.type == kPacketRpc) {
        auto rpc = parse_rpc(m.payload);
        if (!rpc) {
          fail(50000, rpc.status().message());
          continue;
        }
        exec.run_rpc(*rpc);
      } else if (m.type == kPacketTransaction) {
        exec.run_transaction_request(m.payload);
      } else {
        fail(50000, fmt::format("TDS message type {} is not supported by tds-devserver.", m.type));
      }
      if (!out_.ok()) break;
    }
  }

 private:
  void fail(int number, const std::string& text, uint8_t severity = 16) {
    log_line(fmt::format("conn {} error {}: {}", state_.connection_id, number, text));
    write_message(out_.out(), {number, 1, severity, text, 1});
    write_done(out_.out(), kTokenDone, kDoneError, 0, 0);
    out_.end();
  }

  bool handshake() {
    Message m;
    if (!conn_.read_message(m)) return false;
    if (m.type == kPacketPrelogin) {
      auto pre = parse_prelogin(m.payload);
      if (!pre) {
        log_line(
            fmt::format("conn {} bad PRELOGIN: {}", state_.connection_id, pre.status().message()));
        return false;
      }
      const std::vector<uint8_t> reply = build_prelogin_reply();
      out_.out().bytes(reply.data(), reply.size());
      out_.end();
      if (!conn_.read_message(m)) return false;
    }
    if (m.type != kPacketLogin7) {
      log_line(fmt::format("conn {} expected LOGIN7, got message type {}", state_.connection_id,
                           m.type));
      return false;
    }
    auto login = parse_login7(m.payload);
    if (!login) {
      log_line(
          fmt::format("conn {} bad LOGIN7: {}", state_.connection_id, login.status().message()));
      return false;
    }
    return accept_login(*login);
  }

  bool check_credentials(const Login7& l) {
    bool ok = false;
    for (size_t i = 0; i < options_.logins.size(); ++i) {
      const auto& [user, pass] = options_.logins[i];
      // Every entry is compared, so the time taken does not tell which users exist.
      bool match = equal_secret(user, l.user_name) & equal_secret(pass, l.password);
      if (match && !ok) role_ = options_.login_roles[i];
      ok = ok || match;
    }
    return ok;
  }

  bool reject(const Login7& l, const std::string& extra_error, int extra_number = 4060) {
    bool pre72 = l.tds_version < kTds72 && l.tds_version >= 0x70000000;
    if (!extra_error.empty())
      write_message(out_.out(), {extra_number, 1, 11, extra_error, 1}, pre72);
    write_message(out_.out(),
                  {18456, 1, 14, fmt::format("Login failed for user '{}'.", l.user_name), 1},
                  pre72);
    write_done(out_.out(), kTokenDone, kDoneError, 0, 0, pre72);
    out_.end();
    log_line(fmt::format("conn {} login failed for user '{}'{}", state_.connection_id, l.user_name,
                         extra_error.empty() ? "" : ": " + extra_error));
    return false;
  }

  bool open_database() {
    if (sqlite3_open_v2(db_path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      log_line(fmt::format("conn {} cannot open {}: {}", state_.connection_id, db_path_,
                           db_ ? sqlite3_errmsg(db_) : "out of memory"));
      return false;
    }
    sqlite3_busy_timeout(db_, 10000);
    sqlite3_exec(db_, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    info_.database = state_.database;
    info_.spid = state_.spid;
    info_.user = state_.user;
    return register_functions(db_, &tags_, &info_).is_ok() &&
           install_security_model(db_, role_, state_.database).is_ok() &&
           register_session_context_functions(db_, &context_).is_ok();
  }

  bool accept_login(const Login7& l) {
    if (l.tds_version < kTds72 && l.tds_version >= 0x70000000) {
      // Older token layouts (2-byte UserType, 4-byte row counts, no PLP) are not implemented.
      return reject(
          l,
          fmt::format("tds-devserver speaks TDS 7.2 to 7.4, the client asked for {:08x}: set "
                      "TDS version 7.4.",
                      l.tds_version),
          50000);
    }
    if (!check_credentials(l)) return reject(l, "");
    // The login's database, or the first served one when it names none.
    const ServedDatabase* served =
        l.database.empty() ? &options_.databases.front() : find_database(options_, l.database);
    if (served == nullptr) {
      return reject(
          l, fmt::format("Cannot open database \"{}\" requested by the login. The login failed.",
                         l.database));
    }
    state_.database = served->name;
    db_path_ = served->path;
    if (served == &options_.databases.front()) state_.generated_tables = options_.generate_catalog;
    state_.user = l.user_name;
    context_ =
        SessionContext(l.user_name, role_ == LoginRole::kOwner ? "dbo" : login_role_name(role_));
    state_.tds_version = std::min<uint32_t>(l.tds_version, kTds74);
    // A client that announces an older version gets it back; the version bytes are big-endian here.
    if (l.tds_version < 0x70000000) state_.tds_version = kTds74;
    if (!open_database()) return false;
    size_t packet = l.packet_size == 0
                        ? kDefaultPacketSize
                        : std::clamp<size_t>(l.packet_size, kMinPacketSize, kMaxPacketSize);
    ByteWriter& w = out_.out();
    write_env_change(w, kEnvDatabase, state_.database, "master");
    write_message(
        w, {5701, 2, 0, fmt::format("Changed database context to '{}'.", state_.database), 1});
    write_collation_change(w);
    write_env_change(w, kEnvLanguage, "us_english", "");
    write_message(w, {5703, 1, 0, "Changed language setting to us_english.", 1});
    write_login_ack(w, state_.tds_version);
    write_env_change(w, kEnvPacketSize, std::to_string(packet), std::to_string(kDefaultPacketSize));
    if (l.feature_ext) write_feature_ext_ack(w);
    write_done(w, kTokenDone, kDoneFinal, 0, 0);
    out_.end();
    out_.set_packet_size(packet);
    log_line(fmt::format(
        "conn {} login ok: user '{}' ({}), app '{}', database {}, TDS {:08x}, packet size {} "
        "(asked {})",
        state_.connection_id, l.user_name, login_role_name(role_), l.app_name, state_.database,
        state_.tds_version, packet, l.packet_size));
    return true;
  }

  Connection conn_;
  const Options& options_;
  PacketWriter out_;
  SessionState state_;
  SessionInfo info_;
  TypeTags tags_;
  LoginRole role_ = LoginRole::kWriter;
  std::string db_path_;
  SessionContext context_{"", ""};
  sqlite3* db_ = nullptr;
};

}  // namespace

void serve_connection(int fd, int connection_id, const std::string& peer, const Options& options,
                      const std::atomic<bool>& stop, const std::function<void()>& before_close) {
  log_line(fmt::format("conn {} from {}", connection_id, peer));
  {
    Session s(fd, connection_id, options, stop);
    s.run();
    before_close();
  }
  log_line(fmt::format("conn {} closed", connection_id));
}

}  // namespace gw::tdsdev
