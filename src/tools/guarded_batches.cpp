#include "tools/guarded_batches.h"

namespace gw::tools {

std::vector<std::string> guarded_batches(std::string_view sql,
                                         const sql::Classification& classification,
                                         const BatchFrame& frame) {
  // kGuardPrefix begins with "SET XACT_ABORT ON; ": the identity goes right after it.
  constexpr std::string_view kXactAbort = "SET XACT_ABORT ON; ";
  const std::string prefix = std::string(kXactAbort) + frame.context + frame.enter +
                             std::string(kGuardPrefix.substr(kXactAbort.size()));
  std::vector<std::string> batches;
  const auto& statements = classification.statements;
  std::size_t i = 0;
  while (i < statements.size()) {
    std::size_t j = i;
    while (j + 1 < statements.size() && statements[j + 1].batch == statements[i].batch) ++j;
    const std::size_t begin = statements[i].offset;
    const std::size_t end = statements[j].offset + statements[j].length;
    std::string batch(prefix);
    batch.append(static_cast<std::size_t>(statements[i].line > 1 ? statements[i].line - 1 : 0),
                 '\n');
    batch.append(sql.substr(begin, end - begin));
    batch.append(kGuardSuffix);
    batch.append(frame.leave);
    batches.push_back(std::move(batch));
    i = j + 1;
  }
  return batches;
}

}  // namespace gw::tools
