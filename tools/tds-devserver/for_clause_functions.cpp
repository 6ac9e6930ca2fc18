#include "for_clause_functions.h"

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sql_functions.h"
#include "sqlite_calls.h"

namespace gw::tdsdev {

namespace {

// "2024-02-29 13:45:30.123" -> "2024-02-29T13:45:30.123", "... +05:30" -> "...+05:30": the ISO
// 8601 form FOR JSON and FOR XML write for date/time values.
std::string iso_text(std::string s) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t k = from; k < from + n; ++k)
      if (k >= s.size() || s[k] < '0' || s[k] > '9') return false;
    return true;
  };
  if (s.size() >= 16 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' &&
      digits(8, 2) && s[10] == ' ' && digits(11, 2) && s[13] == ':') {
    s[10] = 'T';
    auto space = s.find(' ', 11);
    if (space != std::string::npos && space + 1 < s.size() &&
        (s[space + 1] == '+' || s[space + 1] == '-'))
      s.erase(space, 1);
  }
  return s;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char ch : s) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '/': out += "\\/"; break;  // FOR JSON escapes the solidus ("How FOR JSON escapes ...")
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (ch < 0x20)
          out += fmt::format("\\u{:04x}", ch);
        else
          out += static_cast<char>(ch);
    }
  }
  return out + "\"";
}

std::string json_value(sqlite3_value* v, char kind) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: return "null";
    case SQLITE_INTEGER: return std::to_string(sqlite3_value_int64(v));
    case SQLITE_FLOAT: return fmt::format("{}", sqlite3_value_double(v));
    default: return kind == 'j' ? text_of(v) : json_string(iso_text(text_of(v)));
  }
}

std::string xml_escape(const std::string& s, bool attribute) {
  std::string out;
  for (char ch : s) {
    if (ch == '&')
      out += "&amp;";
    else if (ch == '<')
      out += "&lt;";
    else if (ch == '>')
      out += "&gt;";
    else if (ch == '"' && attribute)
      out += "&quot;";
    else if (ch == '\r')
      out += "&#x0D;";
    else
      out += ch;
  }
  return out;
}

std::string xml_text(sqlite3_value* v) {
  if (sqlite3_value_type(v) == SQLITE_FLOAT) return fmt::format("{}", sqlite3_value_double(v));
  return iso_text(text_of(v));
}

struct Acc {
  std::string out;
  size_t rows = 0;
  std::string options, root, row_element;
};

Acc* acc_of(sqlite3_context* c, bool create) {
  auto** slot = static_cast<Acc**>(sqlite3_aggregate_context(c, create ? sizeof(Acc*) : 0));
  if (slot == nullptr) return nullptr;
  if (*slot == nullptr && create) *slot = new Acc;
  return *slot;
}

// One row as a JSON object. PATH mode: "a.b" opens object "a" (kept open while the next columns
// share the prefix) and puts "b" in it.
std::string json_row(int n, sqlite3_value** v, const std::string& options, const std::string& kinds,
                     bool path) {
  const bool nulls = options.find('N') != std::string::npos;
  std::vector<std::string> open;  // the nested objects currently open
  std::string out = "{";
  std::vector<bool> first = {true};
  for (int i = 0; 2 * i + 1 < n; ++i) {
    sqlite3_value* value = v[2 * i + 1];
    if (sqlite3_value_type(value) == SQLITE_NULL && !nulls) continue;
    std::string key = text_of(v[2 * i]);
    std::vector<std::string> parts;
    if (path) {
      size_t from = 0, dot;
      while ((dot = key.find('.', from)) != std::string::npos) {
        parts.push_back(key.substr(from, dot - from));
        from = dot + 1;
      }
      key = key.substr(from);
    }
    size_t common = 0;
    while (common < open.size() && common < parts.size() && open[common] == parts[common]) ++common;
    while (open.size() > common) {
      out += "}";
      open.pop_back();
      first.pop_back();
    }
    for (size_t k = common; k < parts.size(); ++k) {
      out += (first.back() ? "" : ",") + json_string(parts[k]) + ":{";
      first.back() = false;
      open.push_back(parts[k]);
      first.push_back(true);
    }
    const char kind = static_cast<size_t>(i) < kinds.size() ? kinds[static_cast<size_t>(i)] : 'v';
    out += (first.back() ? "" : ",") + json_string(key) + ":" + json_value(value, kind);
    first.back() = false;
  }
  for (size_t k = 0; k < open.size(); ++k) out += "}";
  return out + "}";
}

void json_step(sqlite3_context* c, int n, sqlite3_value** v) {
  Acc* a = acc_of(c, true);
  if (a == nullptr) return sqlite3_result_error_nomem(c);
  a->options = text_of(v[0]);
  a->root = text_of(v[1]);
  const bool path = a->options.find('A') == std::string::npos;
  if (a->rows++ != 0) a->out += ",";
  a->out += json_row(n - 3, v + 3, a->options, text_of(v[2]), path);
}

void set_nvarchar_max(sqlite3_context* c) {
  auto* tags = static_cast<TypeTags*>(sqlite3_user_data(c));
  if (unsigned k = tags->tag_for({SqlType::kNVarChar, kMaxLength, 0, 0}); k != 0)
    sqlite3_result_subtype(c, k);
}

void json_final(sqlite3_context* c) {
  std::unique_ptr<Acc> a(acc_of(c, false));
  // No rows: no JSON text at all (NULL; a top-level FOR JSON then sends no row).
  if (!a || a->rows == 0) return sqlite3_result_null(c);
  std::string s = a->options.find('W') != std::string::npos ? a->out : "[" + a->out + "]";
  if (!a->root.empty()) s = "{" + json_string(a->root) + ":" + s + "}";
  sqlite3_result_text(c, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  set_nvarchar_max(c);
}

// One row of FOR XML PATH.
std::string xml_row(int n, sqlite3_value** v, const std::string& row, bool value_only) {
  std::string attrs, body;
  for (int i = 0; 2 * i + 1 < n; ++i) {
    sqlite3_value* value = v[2 * i + 1];
    if (sqlite3_value_type(value) == SQLITE_NULL) continue;
    const std::string name = text_of(v[2 * i]);
    const std::string text = xml_text(value);
    if (value_only) {
      if (name.empty() || name[0] != '@') body += text;
      continue;
    }
    if (!name.empty() && name[0] == '@') {
      attrs += " " + name.substr(1) + "=\"" + xml_escape(text, true) + "\"";
    } else if (name.empty() || name == "text()" || name == "*") {
      body += xml_escape(text, false);
    } else {
      body += "<" + name + ">" + xml_escape(text, false) + "</" + name + ">";
    }
  }
  if (value_only || row.empty()) return body;
  if (body.empty()) return "<" + row + attrs + "/>";
  return "<" + row + attrs + ">" + body + "</" + row + ">";
}

void xml_step(sqlite3_context* c, int n, sqlite3_value** v) {
  Acc* a = acc_of(c, true);
  if (a == nullptr) return sqlite3_result_error_nomem(c);
  a->options = text_of(v[0]);
  a->row_element = text_of(v[1]);
  a->root = text_of(v[2]);
  ++a->rows;
  a->out += xml_row(n - 4, v + 4, a->row_element, a->options.find('V') != std::string::npos);
}

void xml_final(sqlite3_context* c) {
  std::unique_ptr<Acc> a(acc_of(c, false));
  if (!a || a->rows == 0) return sqlite3_result_null(c);
  std::string s = a->out;
  if (!a->root.empty() && a->options.find('V') == std::string::npos)
    s = "<" + a->root + ">" + s + "</" + a->root + ">";
  sqlite3_result_text(c, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  set_nvarchar_max(c);
}

// A top-level FOR JSON/FOR XML result goes to the client as rows of at most 2033 characters
// ("Use FOR JSON output in SQL Server and in client apps": a long result is split across
// rows; the client concatenates them).
void fn_chunks(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL)
    return sqlite3_result_text(c, "[]", 2, SQLITE_STATIC);
  const std::string s = text_of(v[0]);
  std::string out = "[";
  size_t start = 0, chars = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    const bool boundary = i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    if (!boundary) continue;
    if (chars == 2033 || (i == s.size() && i > start)) {
      out += (out.size() > 1 ? "," : "") + json_string(s.substr(start, i - start));
      start = i;
      chars = 0;
    }
    ++chars;
  }
  out += "]";
  sqlite3_result_text(c, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status register_for_clause_functions(sqlite3* db, TypeTags* tags) {
  int rc = sqlite3_create_function_v2(db, "tds_for_json", -1, SQLITE_UTF8, tags, nullptr, json_step,
                                      json_final, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "tds_for_xml", -1, SQLITE_UTF8, tags, nullptr, xml_step,
                                    xml_final, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "tds_chunks", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, tags,
                                    fn_chunks, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return internal_error(std::string("registering FOR clause functions: ") + sqlite3_errmsg(db));
  return Status::ok();
}

}  // namespace gw::tdsdev
