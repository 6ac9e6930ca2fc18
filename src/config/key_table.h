#pragma once
// Every tenants.yaml key, declared once (PgBouncer's way): its type, default, range, whether a
// reload may change it, and its doc line. The loader, `check` and the README's reference are all
// driven by these tables.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.h"

namespace gw::config {

enum class KeyKind {
  kString,      // any text (after ${VAR} expansion)
  kSecret,      // text that never prints
  kInteger,     // whole number in [min, max]
  kBoolean,     // true | false
  kChoice,      // one of choices
  kStringList,  // a YAML sequence of text
  kRecordList,  // a YAML sequence of maps with the record_fields below
};

// One field of a record in a kRecordList key (e.g. a user: name, password_hash).
struct RecordField {
  std::string_view name;
  bool is_list = false;  // a sequence of text instead of one text
  bool required = true;
  std::string_view doc;
};

// A record: field name -> values (one value for a scalar field).
using Record = std::map<std::string, std::vector<std::string>>;
using KeyValue =
    std::variant<std::string, std::int64_t, bool, std::vector<std::string>, std::vector<Record>>;

template <typename Section>
struct KeySpec {
  std::string_view name;  // dotted, relative to its section: "database.port"
  KeyKind kind;
  std::string_view default_text;  // as shown in docs; "required" when there is no default
  std::int64_t min = 0;
  std::int64_t max = 0;
  std::vector<std::string_view> choices;
  std::vector<RecordField> record_fields;
  bool reloadable = true;  // false: a change needs a restart
  std::string_view doc;
  std::function<void(Section&, const KeyValue&)> apply;

  bool required() const { return default_text == "required"; }
};

const std::vector<KeySpec<ServerConfig>>& server_keys();
const std::vector<KeySpec<ScopeConfig>>& scope_keys();

// "expected an integer 1..1000" and friends: what a key accepts, for error messages and docs.
template <typename Section>
std::string describe_expected(const KeySpec<Section>& key);

// The configuration reference as a Markdown table (README's "Configuration reference" section).
std::string reference_markdown();

}  // namespace gw::config
