#include "soundness.h"

#include <fmt/format.h>

#include "split_agreement.h"
#include "sql/read_only_classifier.h"
#include "tools/guarded_batches.h"

namespace gw::differential {

std::optional<std::string> soundness_finding(std::string_view text, WriteProbe& probe,
                                             SoundnessCounts* counts) {
  if (counts) ++counts->texts;
  if (auto disagreement = split_disagreement(text)) return disagreement;
  const auto verdict = sql::classify_read_only(text);
  if (!verdict.is_ok()) return std::nullopt;
  if (counts) ++counts->allowed;
  for (const std::string& batch : tools::guarded_batches(text, *verdict)) {
    const WriteReport report = probe.run(batch);
    // As the gateway does after a batch that did not run to its end; harmless after one that did.
    const WriteReport rollback = probe.run(std::string(tools::kGuardRollback));
    if (report.wrote() || rollback.wrote()) {
      const WriteReport& r = report.wrote() ? report : rollback;
      return fmt::format(
          "the classifier allowed a batch that wrote ({} main-database write(s), first: {}; "
          "schema changed: {}; data changed: {})\n  batch sent: {}",
          r.main_writes, r.first_write, r.schema_changed, r.data_changed, batch);
    }
  }
  return std::nullopt;
}

}  // namespace gw::differential
