#include "split_agreement.h"

#include <fmt/format.h>

#include <vector>

#include "sql/batches.h"
#include "sql/lexer.h"
#include "tsql_lexer.h"

namespace gw::differential {
namespace {

// A token as both readers can state it: kind letter, byte offset, line, value.
struct Common {
  char kind;  // W word, Q quoted identifier, S string, N number, H binary, V variable, Y symbol
  std::size_t offset;
  int line;
  std::string value;
  bool operator==(const Common&) const = default;
};

std::vector<Common> from_gateway(const std::vector<sql::Token>& tokens) {
  std::vector<Common> out;
  for (const sql::Token& t : tokens) {
    const std::string text(t.text);
    switch (t.kind) {
      case sql::TokenKind::kComment: continue;  // the devserver drops comments
      case sql::TokenKind::kWord:
      case sql::TokenKind::kBatchSeparator:  // inside a batch GO is a name to the server
        out.push_back({'W', t.offset, t.line, text});
        break;
      case sql::TokenKind::kQuotedIdentifier:
        out.push_back({'Q', t.offset, t.line, sql::identifier_value(t)});
        break;
      case sql::TokenKind::kString:
        out.push_back({'S', t.offset, t.line, sql::string_value(t)});
        break;
      case sql::TokenKind::kNumber: {
        const bool binary =
            text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
        out.push_back({binary ? 'H' : 'N', t.offset, t.line, binary ? text.substr(2) : text});
        break;
      }
      case sql::TokenKind::kVariable: out.push_back({'V', t.offset, t.line, text}); break;
      case sql::TokenKind::kOperator:
      case sql::TokenKind::kPunctuation:
      case sql::TokenKind::kSemicolon: out.push_back({'Y', t.offset, t.line, text}); break;
    }
  }
  return out;
}

std::vector<Common> from_devserver(const std::vector<tdsdev::SqlToken>& tokens) {
  std::vector<Common> out;
  for (const tdsdev::SqlToken& t : tokens) {
    out.push_back({"WQSNHVY"[t.kind], t.offset, t.line, t.text});
  }
  return out;
}

std::string describe(const std::vector<Common>& tokens) {
  std::string out;
  for (const Common& t : tokens) {
    out += fmt::format("{}{}:{}@{}", out.empty() ? "" : " | ", t.kind, t.value, t.offset);
  }
  return out;
}

}  // namespace

std::optional<std::string> split_disagreement(std::string_view text) {
  const auto batches = sql::split_batches(text);
  if (!batches.is_ok()) return std::nullopt;
  for (const sql::Batch& batch : *batches) {
    const std::string_view body = text.substr(batch.offset, batch.length);
    const auto gateway = sql::lex(body);
    if (!gateway.is_ok()) {
      return fmt::format("the gateway read the whole text but not its batch: {}",
                         gateway.status().message());
    }
    const auto devserver = tdsdev::lex_tsql(body);
    if (!devserver.is_ok()) {
      return fmt::format("the devserver refused what the gateway read: {}\n  gateway: {}",
                         devserver.status().message(), describe(from_gateway(*gateway)));
    }
    const std::vector<Common> g = from_gateway(*gateway);
    const std::vector<Common> d = from_devserver(*devserver);
    if (g != d) {
      return fmt::format("the readers split differently\n  gateway:   {}\n  devserver: {}",
                         describe(g), describe(d));
    }
  }
  return std::nullopt;
}

}  // namespace gw::differential
