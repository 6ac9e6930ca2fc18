#pragma once
// Hands a ResultEncoder's text to the answer's stream (mcp::ResultTextStream) while the rows
// arrive, in pieces of at least mcp::kResultStreamPiece: a RowSink between the connection and the
// encoder, so the gateway holds at most a piece unsent and the client's first bytes leave before
// the query ends. A result smaller than a piece is never sent here (it answers whole, as before).
//
// The audit promise (audit_log.h) is that a line is in the kernel before any byte of an answer
// leaves: before the first piece, the call's start line is written (CallAudit::started); the line
// with the outcome follows when the call ends, before the message does.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/result_encoder.h"
#include "mcp/tool.h"
#include "tools/tool_support.h"

namespace gw::tools {

class StreamedRows final : public db::RowSink {
 public:
  // stream may be null (the answer cannot stream): then this only forwards.
  StreamedRows(db::ResultEncoder& encoder, mcp::ResultTextStream* stream, CallAudit& audit)
      : encoder_(encoder), stream_(stream), audit_(audit) {}

  void begin_result_set(const std::vector<db::ColumnInfo>& columns) override;
  db::SinkAction row(nlohmann::json&& values) override;
  db::SinkAction encoded_row(const db::RowReader& reader) override;
  void end_result_set(std::optional<std::int64_t> rows_affected) override;
  void statement_done(std::optional<std::int64_t> rows_affected) override;
  void message(const db::ServerMessage& message) override;

  // A piece could not be written: the client is gone (the batch was stopped).
  bool client_gone() const { return gone_; }

 private:
  // Sends what the encoder wrote since the last piece once it is a piece; kStop when the client is
  // gone.
  db::SinkAction send(db::SinkAction action);

  db::ResultEncoder& encoder_;
  mcp::ResultTextStream* stream_;
  CallAudit& audit_;
  std::size_t sent_ = 0;
  bool gone_ = false;
};

}  // namespace gw::tools
