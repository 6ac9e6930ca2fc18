#pragma once
// Reads the classifier's allow/deny corpus (testdata/*.sql), for the tests that check it.
//
// Entries are separated by a line "-- ----"; "-- expect: ..." pins the message; "-- #" lines are
// notes. Both are dropped from the SQL so line numbers stay the entry's own. "\u{B}" in a line
// stands for the code point U+000B (as UTF-8): control and format characters stay visible in the
// file, and a lone CR survives line splitting.

#include <string>
#include <vector>

namespace gw::sql {

struct CorpusEntry {
  std::string sql;
  std::string expected_message;  // "" when the entry does not pin its message
  int file_line = 0;
};

// The entries of testdata/<file_name>; empty when the file cannot be read (callers check a count).
std::vector<CorpusEntry> read_corpus(const std::string& file_name);

}  // namespace gw::sql
