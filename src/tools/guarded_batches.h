#pragma once
// The second wall of a read-only scope (the first is sql::classify_read_only): every batch runs inside a
// transaction that is always rolled back, so even a statement the classifier wrongly let through changes nothing.
//   batch sent:  SET XACT_ABORT ON; BEGIN TRANSACTION; <the batch's statements>
//   then always: ROLLBACK TRANSACTION      (a separate batch: an unterminated comment or an error in the query
//                                          cannot swallow it; SQL Server's error 3903, "no corresponding BEGIN
//                                          TRANSACTION", means XACT_ABORT already rolled back or the batch did not
//                                          compile, and is expected. Not "IF @@TRANCOUNT > 0 ...": tds-devserver
//                                          has no IF, and the unconditional form is as safe.)
// XACT_ABORT ON makes a run-time error roll the transaction back at once. The prefix shares the first line and
// the batch is padded with newlines, so SQL Server's error line numbers match the text the assistant wrote.

#include <string>
#include <string_view>
#include <vector>

#include "sql/read_only_classifier.h"

namespace gw::tools {

inline constexpr std::string_view kGuardPrefix = "SET XACT_ABORT ON; BEGIN TRANSACTION; ";
inline constexpr std::string_view kGuardRollback = "ROLLBACK TRANSACTION";
inline constexpr int kNoOpenTransactionError = 3903;

// One entry per GO-separated batch of the classified text, each cut to its statements' byte range.
std::vector<std::string> guarded_batches(std::string_view sql, const sql::Classification& classification);

}  // namespace gw::tools
