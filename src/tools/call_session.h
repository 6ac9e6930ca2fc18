#pragma once
// Who a tool call runs as, said to SQL Server inside the one batch the gateway sends (no extra
// round trip on the way that succeeds). Every batch of a call begins by setting the session context
// (Microsoft Learn, "sp_set_session_context"):
//   EXEC sys.sp_set_session_context @key = N'mcp.user', @value = N'alice';   (NULL when unknown)
//   EXEC sys.sp_set_session_context @key = N'mcp.client', @value = N'<OAuth client id>';
//   EXEC sys.sp_set_session_context @key = N'mcp.scope', @value = N'<scope>';
// so row-level security and audits read SESSION_CONTEXT(N'mcp.user'), and ends by clearing them
// (@value = NULL) and then selecting a marker, `SELECT 1 AS gw_session_reset`, which FrameWatch
// takes out of the results. A pooled connection therefore never carries a caller's identity: a
// batch that did not reach the marker (it failed half-way, hit a cap, timed out, was cancelled)
// gets the clearing statements in a batch of their own (on read-only scopes, with the ROLLBACK that
// batch needs anyway), and its connection is closed if that fails too. The values are set at the
// start of every batch as well, so even a connection that slipped through shows the next batch its
// own caller, and they are never @read_only (that would pin them to the connection for good).
// With database.impersonate the batch also runs as the caller's database user (Microsoft Learn,
// "EXECUTE AS (Transact-SQL)", "REVERT (Transact-SQL)"):
//   DECLARE @gw_cookie_<random> varbinary(8000);
//   EXECUTE AS USER = N'alice_db' WITH COOKIE INTO @gw_cookie_<random>; <batch>
//   ;<clear>;REVERT WITH COOKIE = @gw_cookie_<random>;SELECT 1 AS gw_session_reset
// A context entered WITH COOKIE can only be left with that cookie, and a variable lives only in its
// batch, so user SQL can neither REVERT to the gateway's login nor name the (random) variable. A
// batch that failed or did not reach the marker (an error, a cap, a timeout, a cancel, a RETURN in
// a read-write query) may still be impersonating, with its cookie gone: its connection is closed,
// never pooled again. The identity prefix is written on line 1 and the batch follows on the same
// line, so SQL Server's error line numbers match the caller's text.

#include <string>
#include <string_view>

#include "db/pool.h"
#include "db/row_sink.h"
#include "util/status.h"

namespace gw::tools {

// SQL Server's error when a session-context key was set @read_only = 1 earlier on the connection
// (only a read-write scope's own SQL can do that): the connection can no longer carry identities.
inline constexpr int kReadOnlySessionKeyError = 15664;
// The column of the marker result set that ends a batch once its identity is cleared (and
// reverted).
inline constexpr std::string_view kResetMarker = "gw_session_reset";

struct CallIdentity {
  std::string user;           // signed-in user; "" -> NULL
  std::string client;         // OAuth client id; "" -> NULL
  std::string scope;          // scope name
  std::string database_user;  // database.impersonate: the user's database user; "" -> none
};

// The statements around one batch; pure.
struct BatchFrame {
  std::string context;  // the three sp_set_session_context calls, "; "-terminated, one line
  std::string enter;    // DECLARE + EXECUTE AS ... WITH COOKIE INTO, or ""
  std::string clear;    // the three set to NULL, without a final ';'
  std::string leave;    // ";<clear>[;REVERT WITH COOKIE = @...];SELECT 1 AS gw_session_reset"
  bool impersonates() const { return !enter.empty(); }
};

// cookie_variable: "@gw_cookie_<hex>" (random_cookie_variable()); values are N'...' literals.
BatchFrame batch_frame(const CallIdentity& identity, std::string_view cookie_variable);
std::string random_cookie_variable();

// A batch of the tool's own SQL, or a read-write scope's query. XACT_ABORT is on while the
// context is set, so a failed sp_set_session_context ends the batch before `sql` runs, and off
// again (SQL Server's default) for `sql`:
//   SET XACT_ABORT ON; <context>SET XACT_ABORT OFF; <enter><sql>\n<leave>
std::string framed_batch(const BatchFrame& frame, std::string_view sql);

// Forwards to a sink, takes the REVERT marker out, and notes what decides whether the connection
// may be pooled again.
class FrameWatch final : public db::RowSink {
 public:
  explicit FrameWatch(db::RowSink& target) : target_(target) {}
  void begin_result_set(const std::vector<db::ColumnInfo>& columns) override;
  db::SinkAction row(nlohmann::json&& values) override;
  db::SinkAction encoded_row(const db::RowReader& reader) override;
  void end_result_set(std::optional<std::int64_t> rows) override;
  void statement_done(std::optional<std::int64_t> rows) override { target_.statement_done(rows); }
  void message(const db::ServerMessage& message) override;

  // The marker arrived: the batch cleared its identity (and reverted).
  bool reset() const { return reset_; }
  bool locked_key() const { return locked_key_; }

 private:
  db::RowSink& target_;
  bool in_marker_ = false;
  bool reset_ = false;
  bool locked_key_ = false;
};

// True when the connection that ran a batch framed by `frame` must be closed instead of pooled:
// an impersonating batch that failed or did not reach the marker, or a key locked by an earlier
// read-write call (kReadOnlySessionKeyError).
bool must_discard(const BatchFrame& frame, const Status& status, const FrameWatch& watch);

// Runs frame.clear as a batch of its own on a connection whose batch did not reach the marker;
// closes the connection when that fails.
void clear_identity(db::Pool::Lease& lease, const BatchFrame& frame);

// One tool call's way to its database: the pool of the database it names, under the caller's
// identity. Catalog queries and samples run through execute(); execute_sql frames its batches
// itself (the read-only wall) with frame().
class CallSession {
 public:
  CallSession(db::Pool& pool, CallIdentity identity);

  // acquire, frame, run, then pool or close the connection (must_discard).
  Status execute(std::string_view sql, const db::QueryOptions& options, db::RowSink& sink);

  db::Pool& pool() const { return pool_; }
  const BatchFrame& frame() const { return frame_; }

 private:
  db::Pool& pool_;
  BatchFrame frame_;
};

}  // namespace gw::tools
