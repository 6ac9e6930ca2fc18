#include "sql/batches.h"

#include "sql/lexer.h"

namespace gw::sql {
namespace {

long repeat_count(std::string_view separator) {
  long count = 0;
  bool any = false;
  for (char c : separator) {
    if (c < '0' || c > '9') continue;
    any = true;
    count = count * 10 + (c - '0');
    if (count > kMaxBatchRepeat) return kMaxBatchRepeat;
  }
  return any ? count : 1;
}

}  // namespace

Result<std::vector<Batch>> split_batches(std::string_view sql) {
  auto tokens = lex(sql);
  if (!tokens.is_ok()) return tokens.status();
  std::vector<Batch> batches;
  const Token* first = nullptr;
  const Token* last = nullptr;
  bool has_code = false;
  const auto close = [&](long repeat) {
    if (has_code) {
      batches.push_back(Batch{first->offset, last->offset + last->text.size() - first->offset,
                              first->line, repeat});
    }
    first = last = nullptr;
    has_code = false;
  };
  for (const Token& token : *tokens) {
    if (token.kind == TokenKind::kBatchSeparator) {
      close(repeat_count(token.text));
      continue;
    }
    if (first == nullptr) first = &token;
    last = &token;
    has_code = has_code || token.kind != TokenKind::kComment;
  }
  close(1);
  return batches;
}

}  // namespace gw::sql
