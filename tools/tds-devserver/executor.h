#pragma once
// Runs SQL batches and RPC requests of one session on its SQLite connection and streams the reply:
// rows go from the SQLite cursor into packets one at a time, so no result is held in memory.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog.h"
#include "connection.h"
#include "packet.h"
#include "rpc_request.h"
#include "sql_functions.h"
#include "tokens.h"
#include "transaction_state.h"
#include "tsql_translator.h"

struct sqlite3;
struct sqlite3_stmt;

namespace gw::tdsdev {

class SessionContext;

struct SessionState {
  std::string database;      // the one database this server serves
  uint32_t tds_version = 0;  // negotiated; below 7.3 dates and times go out as nvarchar
  int spid = 51;
  std::string user;
  int connection_id = 0;  // for log lines
  // Session context and EXECUTE AS (session_context.h); owned by the session.
  SessionContext* context = nullptr;
  int64_t generated_tables = 0;  // --generate-catalog, in the first database (generated_catalog.h)
};

class Executor {
 public:
  Executor(sqlite3* db, TypeTags& tags, PacketWriter& out, Connection& conn, SessionState& state)
      : db_(db), tags_(tags), out_(out), conn_(conn), state_(state) {}

  // Each writes a whole reply, ending with the EOM packet.
  void run_batch(const std::string& sql);
  void run_rpc(const std::vector<RpcRequest>& requests);
  // A Transaction Manager request (packet type 14).
  void run_transaction_request(const std::vector<uint8_t>& payload);
  // A pooled client's reset: an open transaction is rolled back and the reply to the request starts
  // with ENVCHANGE RESETCONNACK (type 18).
  void reset_connection();
  // The reply to an ATTENTION that arrived between requests.
  void acknowledge_attention();
  const TransactionState& transactions() const { return tx_; }

 private:
  enum class Outcome { kOk, kError, kAttention };
  struct DoneInfo {
    uint16_t status = 0;
    uint16_t cmd = 0;
    uint64_t rows = 0;
  };

  Outcome run_statements(const std::vector<Translation>& stmts,
                         const std::vector<RpcParam>* params);
  Outcome run_statement(const Translation& tr, const std::vector<RpcParam>* params);
  Outcome run_query(const std::string& sql, const std::vector<RpcParam>* params, int line,
                    DoneInfo& done, const std::vector<std::string>* column_types = nullptr);
  // column_types: the types the translator knows from CASTs (Translation::column_types).
  Outcome stream_rows(sqlite3_stmt* st, int rc, int line, DoneInfo& done,
                      const std::vector<std::string>* column_types);
  Outcome run_print(const std::string& sql, int line);
  Outcome run_assignment(const Translation& tr, const std::vector<RpcParam>* params);
  Outcome run_transaction_statement(StatementKind kind, int line);
  Outcome run_session_statement(const Translation& tr);  // executor_session.cpp
  Outcome wait_for(int64_t ms);
  Outcome bind(sqlite3_stmt* st, const std::vector<RpcParam>* params, int line);
  void run_executesql(const RpcRequest& req);
  void end_cancelled_response();

  void error(ServerMessage m, int line);
  // DONE tokens are written one statement late, so the last one can go out without the MORE bit.
  void queue_done(const DoneInfo& d);
  void flush_done(bool final_done, uint16_t extra_status);
  TranslateContext context() const;
  bool in_proc_ = false;

  sqlite3* db_;
  TypeTags& tags_;
  PacketWriter& out_;
  Connection& conn_;
  SessionState& state_;
  std::optional<DoneInfo> pending_done_;
  bool had_error_ = false;
  TransactionState tx_;
  CatalogStamp catalog_stamp_;       // what the catalog temp tables were last built from
  std::vector<RpcParam> variables_;  // the batch's DECLAREd variables (tsql_variables.h)
  const std::vector<std::pair<std::string, std::string>>* written_names_ = nullptr;
};

}  // namespace gw::tdsdev
