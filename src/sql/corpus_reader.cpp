#include "sql/corpus_reader.h"

#include <cstdint>
#include <fstream>

#include "sql/testdata_path.h"
#include "sql/utf8.h"

namespace gw::sql {
namespace {

std::string unescape_code_points(const std::string& line) {
  std::string out;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t close = line.find('}', i);
    if (line.compare(i, 3, "\\u{") != 0 || close == std::string::npos) {
      out += line[i++];
      continue;
    }
    const auto cp =
        static_cast<std::uint32_t>(std::stoul(line.substr(i + 3, close - i - 3), nullptr, 16));
    append_utf8(out, cp);
    i = close + 1;
  }
  return out;
}

}  // namespace

std::vector<CorpusEntry> read_corpus(const std::string& file_name) {
  std::ifstream in(std::string(GW_SQL_TESTDATA_DIR) + "/" + file_name, std::ios::binary);
  std::vector<CorpusEntry> entries;
  CorpusEntry current;
  std::vector<std::string> lines;
  const auto flush = [&] {
    std::string sql;
    for (std::size_t i = 0; i < lines.size(); ++i) sql += (i ? "\n" : "") + lines[i];
    if (sql.find_first_not_of(" \t\r\n") != std::string::npos) {
      current.sql = sql;
      entries.push_back(current);
    }
    current = CorpusEntry{};
    lines.clear();
  };
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line == "-- ----") {
      flush();
      continue;
    }
    if (current.file_line == 0) current.file_line = number;
    if (line.rfind("-- #", 0) == 0) continue;
    if (line.rfind("-- expect: ", 0) == 0) {
      current.expected_message = line.substr(11);
      continue;
    }
    lines.push_back(unescape_code_points(line));
  }
  flush();
  return entries;
}

}  // namespace gw::sql
