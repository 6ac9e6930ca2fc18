#include "mcp/streamed_answer.h"

#include <fmt/format.h>

#include "mcp/jsonrpc.h"
#include "util/log.h"

namespace gw::mcp {

namespace {

// Stands for the text in the outcome whose wire is cut (cut()). Found only after
// `"content":[{"text":"` and `"structuredContent":` with their raw quotes, which no client-chosen
// string (the id) can hold, so a client cannot move the cut.
constexpr std::string_view kMark = "@gw.result.text@";
constexpr std::string_view kTextAt = "\"content\":[{\"text\":\"";
constexpr std::string_view kStructuredAt = "\"structuredContent\":";

ToolOutcome text_outcome() {
  ToolOutcome outcome;
  outcome.content.push_back({{"type", "text"}, {"text", kMark}});
  outcome.structured_is_text = true;
  return outcome;
}

}  // namespace

StreamedAnswer::StreamedAnswer(AnswerStream out, WireOf wire_of, std::function<void()> before_first)
    : out_(std::move(out)), wire_of_(std::move(wire_of)), before_first_(std::move(before_first)) {}

std::vector<std::string> StreamedAnswer::cut(ToolOutcome outcome) const {
  const std::string wire = wire_of_(std::move(outcome));
  const std::size_t at = wire.find(std::string(kTextAt) + std::string(kMark));
  if (at == std::string::npos) return {};
  const std::size_t text_begin = at + kTextAt.size();
  const std::size_t text_end = text_begin + kMark.size();
  std::vector<std::string> parts{wire.substr(0, text_begin)};
  const std::size_t raw = wire.find(std::string(kStructuredAt) + std::string(kMark), text_end);
  if (raw == std::string::npos) {
    parts.push_back(wire.substr(text_end));
    return parts;
  }
  const std::size_t raw_begin = raw + kStructuredAt.size();
  parts.push_back(wire.substr(text_end, raw_begin - text_end));
  parts.push_back(wire.substr(raw_begin + kMark.size()));
  return parts;
}

bool StreamedAnswer::write(std::string_view bytes) {
  if (failed_) return false;
  if (!out_.write(bytes)) failed_ = true;
  return !failed_;
}

bool StreamedAnswer::append(std::string_view text) {
  if (disabled_) return true;
  if (!started_) {
    success_ = cut(text_outcome());
    if (success_.empty()) {
      // Not the expected shape (a defect): the answer goes out whole, as unstreamed.
      log::error("streamed answer: the result message has no text block to stream", {});
      disabled_ = true;
      return true;
    }
    if (before_first_) before_first_();
    started_ = true;
    if (!write(out_.open) || !write(success_[0])) return false;
  }
  piece_.clear();
  append_json_text_escaped(piece_, text);
  appended_ += text.size();
  return write(piece_);
}

void StreamedAnswer::finish(ToolOutcome outcome) {
  if (!started_ || finished_) return;
  finished_ = true;
  const std::string* text = nullptr;
  if (!outcome.is_error && outcome.structured_is_text && outcome.content.size() == 1) {
    const auto it = outcome.content[0].find("text");
    if (it != outcome.content[0].end() && it->is_string())
      text = &it->get_ref<const std::string&>();
  }
  if (text != nullptr && text->size() >= appended_) {
    const std::string_view all(*text);
    for (std::size_t i = appended_; i < all.size(); i += kResultStreamPiece) {
      piece_.clear();
      append_json_text_escaped(piece_, all.substr(i, kResultStreamPiece));
      if (!write(piece_)) return;
    }
    if (!write(success_[1])) return;
    if (success_.size() == 3) {
      for (std::size_t i = 0; i < all.size(); i += kResultStreamPiece) {
        if (!write(all.substr(i, kResultStreamPiece))) return;
      }
      if (!write(success_[2])) return;
    }
    write(out_.close);
    return;
  }
  ToolOutcome cut_short;
  cut_short.is_error = true;
  cut_short.content.push_back({{"type", "text"}, {"text", kMark}});
  cut_short.content.push_back(
      {{"type", "text"},
       {"text", fmt::format("The text above is incomplete: the call failed after the first {} "
                            "bytes of its result were sent. The error follows.",
                            appended_)}});
  if (outcome.is_error) {
    for (auto& block : outcome.content) cut_short.content.push_back(std::move(block));
  } else {
    cut_short.content.push_back(
        {{"type", "text"}, {"text", "Internal error: the result changed form while it was sent"}});
  }
  const std::vector<std::string> parts = cut(std::move(cut_short));
  if (parts.size() != 2 || parts[0] != success_[0]) {
    // A defect: the event is left without its end, so no client takes it for an answer.
    log::error("streamed answer: the error message does not continue the streamed start", {});
    return;
  }
  if (write(parts[1])) write(out_.close);
}

}  // namespace gw::mcp
