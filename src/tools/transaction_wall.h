#pragma once
// The breach detector of the rollback wall (guarded_batches.h). The guarded batch reads
// CURRENT_TRANSACTION_ID() (Microsoft Learn: "the transaction ID of the current transaction in the
// current session", bigint) right after its BEGIN TRANSACTION, and again, with @@TRANCOUNT, right
// before its ROLLBACK, in the same batch. If the user's text committed (COMMIT, or COMMIT followed
// by a new BEGIN TRANSACTION), the second reading shows a different id or a depth below 1, and the
// ROLLBACK fails with error 3903 when no transaction is left. The wall reports this after the fact:
// what was committed stays committed. Only the classifier and a login that cannot write prevent.
//
// TransactionWall sits between the connection and the tool's collector: it takes the two readings
// out of the stream (the assistant never sees them, and they count against no cap) and forwards
// everything else.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/row_sink.h"

namespace gw::tools {

inline constexpr std::string_view kWallBeganColumn = "gw_wall_began";  // prefix: the id
inline constexpr std::string_view kWallNowColumn = "gw_wall_now";      // suffix: the id again
inline constexpr std::string_view kWallDepthColumn = "gw_wall_depth";  // suffix: @@TRANCOUNT
inline constexpr int kNoOpenTransactionError = 3903;

// What one guarded batch showed of its transaction.
struct WallReadings {
  std::optional<std::string> began;           // the id after BEGIN TRANSACTION (bigint as text)
  std::optional<std::string> now;             // the id before the ROLLBACK
  std::optional<std::int64_t> depth;          // @@TRANCOUNT before the ROLLBACK
  bool rollback_without_transaction = false;  // error 3903 in the batch
};

// Why the readings show the user's text committed, or nullopt when the transaction held.
// `ran_to_end`: the batch completed (no error, cap or cancel), so the suffix's reading must be
// there; a missing one means something swallowed the suffix, which is reported as a breach too.
std::optional<std::string> wall_breach(const WallReadings& readings, bool ran_to_end);

class TransactionWall final : public db::RowSink {
 public:
  explicit TransactionWall(db::RowSink& target) : target_(target) {}

  void begin_result_set(const std::vector<db::ColumnInfo>& columns) override;
  db::SinkAction row(nlohmann::json&& values) override;
  db::SinkAction encoded_row(const db::RowReader& reader) override;
  void end_result_set(std::optional<std::int64_t> rows_affected) override;
  void statement_done(std::optional<std::int64_t> rows_affected) override;
  void message(const db::ServerMessage& message) override;

  const WallReadings& readings() const { return readings_; }

 private:
  enum class Capture { kNone, kBegan, kNow };
  db::RowSink& target_;
  Capture capture_ = Capture::kNone;
  WallReadings readings_;
};

}  // namespace gw::tools
