#pragma once
// The second wall of a read-only scope (the first is sql::classify_read_only): every batch runs
// inside a transaction that is always rolled back, so even a statement the classifier wrongly let
// through changes nothing unless it ends that transaction itself.
//   batch sent:  SET XACT_ABORT ON; BEGIN TRANSACTION; SELECT CURRENT_TRANSACTION_ID() AS
//                gw_wall_began; <the batch's statements>
//                ;SELECT CURRENT_TRANSACTION_ID() AS gw_wall_now, @@TRANCOUNT AS gw_wall_depth;
//                ROLLBACK TRANSACTION
//   and, when the batch did not run to its end (an error, a cap, a timeout, a cancel): ROLLBACK
//   TRANSACTION as a batch of its own. The batch is cut to the classifier's statement ranges, and
//   the classifier refuses unterminated comments and strings, so nothing in the query can swallow
//   the trailing ROLLBACK; a batch that ran to its end ran it. XACT_ABORT ON makes a run-time error
//   roll the transaction back at once. SQL Server's error 3903 ("no corresponding BEGIN
//   TRANSACTION") on the separate ROLLBACK means it was already rolled back, and is expected. (Not
//   "IF @@TRANCOUNT > 0 ...": tds-devserver has no IF; the unconditional form is as safe.)
// The two readings of the transaction are the breach detector (transaction_wall.h): a query that
// committed (COMMIT, or COMMIT then BEGIN TRANSACTION) shows up as a changed id, a @@TRANCOUNT
// below 1 or error 3903 on the batch's own ROLLBACK. They ride in the same batch: no round trip.
// The prefix shares the first line and the batch is padded with newlines, so SQL Server's error
// line numbers match the text the assistant wrote.

#include <string>
#include <string_view>
#include <vector>

#include "sql/read_only_classifier.h"
#include "tools/call_session.h"
#include "tools/transaction_wall.h"  // the column names the prefix and suffix use

namespace gw::tools {

inline constexpr std::string_view kGuardPrefix =
    "SET XACT_ABORT ON; BEGIN TRANSACTION; SELECT CURRENT_TRANSACTION_ID() AS gw_wall_began; ";
inline constexpr std::string_view kGuardRollback = "ROLLBACK TRANSACTION";
inline constexpr std::string_view kGuardSuffix =
    "\n;SELECT CURRENT_TRANSACTION_ID() AS gw_wall_now, @@TRANCOUNT AS gw_wall_depth;"
    "ROLLBACK TRANSACTION";

// One entry per GO-separated batch of the classified text, each cut to its statements' byte range.
// The caller's identity (call_session.h) rides in each batch: the session context right after
// SET XACT_ABORT ON (a failed set ends the batch before the query), EXECUTE AS before BEGIN
// TRANSACTION, the clearing, the REVERT and the marker after the final ROLLBACK:
//   SET XACT_ABORT ON; <context><enter>BEGIN TRANSACTION; ... ROLLBACK TRANSACTION<leave>
std::vector<std::string> guarded_batches(std::string_view sql,
                                         const sql::Classification& classification,
                                         const BatchFrame& frame = {});

}  // namespace gw::tools
