#include "sql/confinement.h"

#include <fmt/format.h>

namespace gw::sql {
namespace {

bool is_name_token(const Token& token) {
  return token.kind == TokenKind::kWord || token.kind == TokenKind::kQuotedIdentifier;
}

bool is_punctuation(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == TokenKind::kPunctuation && t[i].text[0] == c;
}

struct Name {
  std::vector<std::string> parts;  // identifier values, "" for an omitted part (OtherDb..T)
  std::vector<bool> quoted;
  std::size_t end = 0;  // one past its last token
};

Name read_name(const std::vector<Token>& t, std::size_t i) {
  Name name;
  name.parts.push_back(identifier_value(t[i]));
  name.quoted.push_back(t[i].kind == TokenKind::kQuotedIdentifier);
  std::size_t j = i + 1;
  while (is_punctuation(t, j, '.')) {
    if (is_punctuation(t, j + 1, '.')) {  // an omitted part: db..object
      name.parts.emplace_back();
      name.quoted.push_back(false);
      ++j;
      continue;
    }
    if (j + 1 >= t.size() || !is_name_token(t[j + 1])) break;  // t.* and the like
    name.parts.push_back(identifier_value(t[j + 1]));
    name.quoted.push_back(t[j + 1].kind == TokenKind::kQuotedIdentifier);
    j += 2;
  }
  name.end = j;
  return name;
}

std::string written(const Name& name) {
  std::string out;
  for (std::size_t k = 0; k < name.parts.size(); ++k) out += (k ? "." : "") + name.parts[k];
  return out;
}

bool is_server_level(const std::string& upper) {
  static constexpr std::string_view kServerLevel[] = {"FN_DBLOG",
                                                      "FN_DUMP_DBLOG",
                                                      "DM_OS_ENUMERATE_FILESYSTEM",
                                                      "DM_OS_FILE_EXISTS",
                                                      "FN_XE_FILE_TARGET_READ_FILE",
                                                      "FN_GET_AUDIT_FILE",
                                                      "FN_TRACE_GETTABLE",
                                                      "SQL_LOGINS",
                                                      "SERVER_PRINCIPALS",
                                                      "SYSLOGINS",
                                                      "SERVERS",
                                                      "LINKED_LOGINS",
                                                      "CREDENTIALS"};
  for (std::string_view s : kServerLevel) {
    if (upper == s) return true;
  }
  return false;
}

bool is_xml_method(const std::string& upper) {
  return upper == "VALUE" || upper == "QUERY" || upper == "EXIST" || upper == "NODES";
}

}  // namespace

std::optional<std::string> confinement_violation(const std::vector<Token>& t, std::size_t i,
                                                 std::string_view database,
                                                 const std::vector<std::string>& other_databases) {
  const Name name = read_name(t, i);
  const std::size_t n = name.parts.size();
  const bool called = is_punctuation(t, name.end, '(');
  const std::string last = to_upper_ascii(name.parts.back());
  if (is_server_level(last)) {
    return fmt::format("server-level object {} is not allowed", written(name));
  }
  if (name.quoted.back() && (last.rfind("SP_", 0) == 0 || last.rfind("XP_", 0) == 0) &&
      (called || n > 1)) {
    return fmt::format("procedure {} is not allowed", written(name));
  }
  if (n >= 4) {
    return fmt::format("four-part name {} is not allowed (linked servers)", written(name));
  }
  const auto is_scope_database = [&](const std::string& part) {
    if (to_upper_ascii(part) == to_upper_ascii(database)) return true;
    for (const std::string& other : other_databases) {
      if (to_upper_ascii(part) == to_upper_ascii(other)) return true;
    }
    return false;
  };
  if (n == 3 && !is_scope_database(name.parts[0]) && !(called && is_xml_method(last))) {
    if (other_databases.empty()) {
      return fmt::format(
          "name {} leaves the scope's database {} (name objects with one or two parts)",
          written(name), database);
    }
    std::string all(database);
    for (const std::string& other : other_databases) all += ", " + other;
    return fmt::format("name {} leaves the scope's databases {}", written(name), all);
  }
  return std::nullopt;
}

}  // namespace gw::sql
