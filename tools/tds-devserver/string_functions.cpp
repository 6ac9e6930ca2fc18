#include "string_functions.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "sql_functions.h"
#include "sqlite_calls.h"

namespace gw::tdsdev {

namespace {

// Byte offsets of the characters of UTF-8 text, plus its size at the end.
std::vector<size_t> char_starts(const std::string& s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

}  // namespace

std::optional<std::string> stuff(const std::string& s, int64_t start, int64_t length,
                                 const std::string& insert) {
  auto starts = char_starts(s);
  const auto chars = static_cast<int64_t>(starts.size() - 1);
  // "If the start position is larger than length of the first string, or 0 or negative, a null
  // string is returned. If the length to delete is negative, a null string is returned."
  if (start < 1 || start > chars || length < 0) return std::nullopt;
  int64_t end = std::min(chars, start - 1 + length);
  return s.substr(0, starts[static_cast<size_t>(start - 1)]) + insert +
         s.substr(starts[static_cast<size_t>(end)]);
}

namespace {

void set_type(sqlite3_context* c, int length) {
  auto* tags = static_cast<TypeTags*>(sqlite3_user_data(c));
  if (unsigned k = tags->tag_for({SqlType::kNVarChar, length, 0, 0}); k != 0)
    sqlite3_result_subtype(c, k);
}

void fn_stuff(sqlite3_context* c, int, sqlite3_value** v) {
  for (int i = 0; i < 3; ++i)
    if (sqlite3_value_type(v[i]) == SQLITE_NULL) return sqlite3_result_null(c);
  auto r = stuff(text_of(v[0]), sqlite3_value_int64(v[1]), sqlite3_value_int64(v[2]),
                 text_of(v[3]));  // a NULL insert deletes only
  if (!r) return sqlite3_result_null(c);
  sqlite3_result_text(c, r->c_str(), static_cast<int>(r->size()), SQLITE_TRANSIENT);
}

// One sort key of STRING_AGG's WITHIN GROUP, compared as SQLite orders values (NULL first,
// numbers, then text without regard to ASCII case, as under the default CI collation).
struct Key {
  int type = SQLITE_NULL;
  double number = 0;
  std::string text;
};

int compare(const Key& a, const Key& b) {
  auto rank = [](int t) {
    return t == SQLITE_NULL ? 0 : t == SQLITE_TEXT || t == SQLITE_BLOB ? 2 : 1;
  };
  if (rank(a.type) != rank(b.type)) return rank(a.type) < rank(b.type) ? -1 : 1;
  if (rank(a.type) == 1) return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  return sqlite3_stricmp(a.text.c_str(), b.text.c_str());
}

struct AggState {
  std::string separator;
  std::string directions;
  std::vector<std::pair<std::vector<Key>, std::string>> items;
};

AggState* state_of(sqlite3_context* c, bool create) {
  auto** slot =
      static_cast<AggState**>(sqlite3_aggregate_context(c, create ? sizeof(AggState*) : 0));
  if (slot == nullptr) return nullptr;
  if (*slot == nullptr && create) *slot = new AggState;
  return *slot;
}

void string_agg_step(sqlite3_context* c, int n, sqlite3_value** v) {
  AggState* st = state_of(c, true);
  if (st == nullptr) return sqlite3_result_error_nomem(c);
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) return;
  st->separator = text_of(v[1]);
  st->directions = text_of(v[2]);
  std::vector<Key> keys;
  for (int i = 3; i < n; ++i) {
    Key k;
    k.type = sqlite3_value_type(v[i]);
    if (k.type == SQLITE_INTEGER || k.type == SQLITE_FLOAT) k.number = sqlite3_value_double(v[i]);
    if (k.type == SQLITE_TEXT || k.type == SQLITE_BLOB) k.text = text_of(v[i]);
    keys.push_back(std::move(k));
  }
  st->items.emplace_back(std::move(keys), text_of(v[0]));
}

void string_agg_final(sqlite3_context* c) {
  std::unique_ptr<AggState> st(state_of(c, false));
  if (!st || st->items.empty()) return sqlite3_result_null(c);
  std::stable_sort(st->items.begin(), st->items.end(), [&](const auto& a, const auto& b) {
    for (size_t i = 0; i < a.first.size(); ++i) {
      int r = compare(a.first[i], b.first[i]);
      if (i < st->directions.size() && st->directions[i] == 'D') r = -r;
      if (r != 0) return r < 0;
    }
    return false;
  });
  std::string out;
  for (size_t i = 0; i < st->items.size(); ++i) {
    if (i != 0) out += st->separator;
    out += st->items[i].second;
  }
  sqlite3_result_text(c, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  // "Return types": nvarchar(max) for (n)varchar(max) input, else nvarchar(4000); the input
  // type is not known here, so the length decides.
  set_type(c, out.size() > 4000 ? kMaxLength : 4000);
}

// STRING_SPLIT's rows as a JSON array of strings for json_each. "separator: a single character
// expression"; NULL input: no rows; '' : one empty row.
void fn_string_split(sqlite3_context* c, int, sqlite3_value** v) {
  if (sqlite3_value_type(v[0]) == SQLITE_NULL)
    return sqlite3_result_text(c, "[]", 2, SQLITE_STATIC);
  const std::string s = text_of(v[0]), sep = text_of(v[1]);
  if (char_starts(sep).size() != 2)
    return sqlite3_result_error(
        c, "Procedure expects parameter 'separator' of type 'nchar(1)/nvarchar(1)'.", -1);
  std::string out = "[";
  size_t from = 0;
  while (true) {
    const size_t at = s.find(sep, from);
    const std::string piece =
        s.substr(from, at == std::string::npos ? std::string::npos : at - from);
    out += out.size() > 1 ? ",\"" : "\"";
    for (char ch : piece) {
      if (ch == '"' || ch == '\\') out += '\\';
      if (static_cast<unsigned char>(ch) < 0x20) {
        out += fmt::format("\\u{:04x}", static_cast<int>(static_cast<unsigned char>(ch)));
        continue;
      }
      out += ch;
    }
    out += "\"";
    if (at == std::string::npos) break;
    from = at + sep.size();
  }
  out += "]";
  sqlite3_result_text(c, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status register_string_functions(sqlite3* db, TypeTags* tags) {
  Status s = create_scalar_functions(
      db, {{"stuff", 4, fn_stuff}, {"tds_string_split", 2, fn_string_split}}, tags);
  if (!s.is_ok()) return s;
  if (sqlite3_create_function_v2(db, "tds_string_agg", -1, SQLITE_UTF8, tags, nullptr,
                                 string_agg_step, string_agg_final, nullptr) != SQLITE_OK)
    return internal_error(std::string("registering tds_string_agg: ") + sqlite3_errmsg(db));
  return Status::ok();
}

}  // namespace gw::tdsdev
