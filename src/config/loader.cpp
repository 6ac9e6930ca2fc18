#include "config/loader.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "config/key_table.h"
#include "config/validate.h"
#include "util/text.h"

namespace gw::config {
namespace {

// Collects "file:line:col: key: message" lines.
class ErrorList {
 public:
  explicit ErrorList(std::string file) : file_(std::move(file)) {}
  void add(const YAML::Mark& mark, const std::string& key, const std::string& message) {
    lines_.push_back(fmt::format("{}:{}:{}: {}{}{}", file_, mark.line + 1, mark.column + 1, key,
                                 key.empty() ? "" : ": ", message));
  }
  void add_at_line(int line, const std::string& key, const std::string& message) {
    lines_.push_back(fmt::format("{}:{}: {}: {}", file_, line, key, message));
  }
  bool empty() const { return lines_.empty(); }
  std::string joined() const { return join(lines_, "\n"); }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

std::string node_kind(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (node.IsNull()) return "nothing";
  return "\"" + node.Scalar() + "\"";
}

template <typename Section>
class SectionLoader {
 public:
  SectionLoader(const std::vector<KeySpec<Section>>& keys, const EnvLookup& env, ErrorList& errors,
                std::set<std::string>* unset_names, std::set<std::string>& unresolved_keys)
      : keys_(keys),
        env_(env),
        errors_(errors),
        unset_names_(unset_names),
        unresolved_keys_(unresolved_keys) {}

  // Applies every key under `node` to `target`; `prefix` is the dotted path shown in messages.
  void load(const YAML::Node& node, const std::string& prefix, Section& target, KeyLines& lines) {
    lines_ = &lines;
    walk(node, prefix, "", target, lines);
    for (const auto& key : keys_) {
      if (key.required() && seen_.count(std::string(key.name)) == 0) {
        errors_.add(node.Mark(), prefix + std::string(key.name), "required key is missing");
      }
    }
  }

 private:
  void walk(const YAML::Node& node, const std::string& prefix, const std::string& relative,
            Section& target, KeyLines& lines) {
    std::set<std::string> names;
    for (const auto& entry : node) {
      const std::string name = entry.first.Scalar();
      const std::string key = relative.empty() ? name : relative + "." + name;
      if (!names.insert(name).second) {
        errors_.add(entry.first.Mark(), prefix + key,
                    "duplicate key (yaml would silently keep one)");
        continue;
      }
      lines[prefix + key] = entry.first.Mark().line + 1;
      if (const KeySpec<Section>* spec = find(key)) {
        seen_.insert(key);
        apply(*spec, entry.second, prefix + key, target);
      } else if (is_section(key)) {
        if (!entry.second.IsMap()) {
          errors_.add(entry.second.Mark(), prefix + key,
                      "expected a map, got " + node_kind(entry.second));
        } else {
          walk(entry.second, prefix, key, target, lines);
        }
      } else {
        errors_.add(entry.first.Mark(), prefix + key, "unknown key" + suggestion(key));
      }
    }
  }

  const KeySpec<Section>* find(const std::string& key) const {
    for (const auto& spec : keys_) {
      if (spec.name == key) return &spec;
    }
    return nullptr;
  }

  bool is_section(const std::string& key) const {
    for (const auto& spec : keys_) {
      if (spec.name.size() > key.size() && spec.name.substr(0, key.size()) == key &&
          spec.name[key.size()] == '.') {
        return true;
      }
    }
    return false;
  }

  std::string suggestion(const std::string& key) const {
    std::vector<std::string> names;
    for (const auto& spec : keys_) names.emplace_back(spec.name);
    const std::string best = closest_match(key, names);
    return best.empty() ? "" : " (did you mean " + best + "?)";
  }

  // A scalar after ${VAR} expansion, or nullopt with the error recorded.
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& key,
                                    const std::string& expected) {
    if (!node.IsScalar()) {
      errors_.add(node.Mark(), key, "expected " + expected + ", got " + node_kind(node));
      return std::nullopt;
    }
    std::set<std::string> unset_here;
    auto expanded = expand_env(node.Scalar(), env_, unset_names_ ? &unset_here : nullptr);
    if (!expanded.is_ok()) {
      errors_.add(node.Mark(), key, expanded.status().message());
      return std::nullopt;
    }
    if (!unset_here.empty()) {
      unset_names_->insert(unset_here.begin(), unset_here.end());
      unresolved_keys_.insert(key);
    }
    return std::move(expanded).value();
  }

  std::optional<std::vector<std::string>> text_list(const YAML::Node& node,
                                                    const std::string& key) {
    if (node.IsScalar() && node.Scalar().empty()) return std::vector<std::string>{};
    if (!node.IsSequence()) {
      errors_.add(node.Mark(), key, "expected a list of text, got " + node_kind(node));
      return std::nullopt;
    }
    std::vector<std::string> values;
    for (const auto& item : node) {
      auto v = scalar(item, key, "text");
      if (!v) return std::nullopt;
      values.push_back(std::move(*v));
    }
    return values;
  }

  std::optional<std::vector<Record>> records(const KeySpec<Section>& spec, const YAML::Node& node,
                                             const std::string& key) {
    if (!node.IsSequence()) {
      errors_.add(node.Mark(), key, "expected a list of records, got " + node_kind(node));
      return std::nullopt;
    }
    std::vector<Record> out;
    bool ok = true;
    for (size_t i = 0; i < node.size(); ++i) {
      const YAML::Node item = node[i];
      const std::string item_key = fmt::format("{}[{}]", key, i);
      if (!item.IsMap()) {
        errors_.add(item.Mark(), item_key, "expected a map, got " + node_kind(item));
        ok = false;
        continue;
      }
      Record record;
      std::set<std::string> written;  // also those whose value was refused: one error per field
      for (const auto& field_entry : item) {
        const std::string field = field_entry.first.Scalar();
        const RecordField* def = nullptr;
        std::vector<std::string> names;
        for (const auto& f : spec.record_fields) {
          names.emplace_back(f.name);
          if (f.name == field) def = &f;
        }
        if (def == nullptr) {
          const std::string best = closest_match(field, names);
          errors_.add(field_entry.first.Mark(), item_key + "." + field,
                      "unknown key" + (best.empty() ? "" : " (did you mean " + best + "?)"));
          ok = false;
        } else if (!written.insert(field).second) {
          errors_.add(field_entry.first.Mark(), item_key + "." + field, "duplicate key");
          ok = false;
        } else {
          (*lines_)[item_key + "." + field] = field_entry.first.Mark().line + 1;
          auto values = def->is_list
                            ? text_list(field_entry.second, item_key + "." + field)
                            : wrap(scalar(field_entry.second, item_key + "." + field, "text"));
          if (values)
            record[field] = std::move(*values);
          else
            ok = false;
        }
      }
      for (const auto& f : spec.record_fields) {
        if (f.required && written.count(std::string(f.name)) == 0) {
          errors_.add(item.Mark(), item_key + "." + std::string(f.name), "required key is missing");
          ok = false;
        }
      }
      out.push_back(std::move(record));
    }
    if (!ok) return std::nullopt;
    return out;
  }

  static std::optional<std::vector<std::string>> wrap(std::optional<std::string> v) {
    if (!v) return std::nullopt;
    return std::vector<std::string>{std::move(*v)};
  }

  void apply(const KeySpec<Section>& spec, const YAML::Node& node, const std::string& key,
             Section& target) {
    const std::string expected = describe_expected(spec);
    switch (spec.kind) {
      case KeyKind::kString:
      case KeyKind::kSecret:
        if (auto v = scalar(node, key, expected)) spec.apply(target, *v);
        return;
      case KeyKind::kInteger: {
        auto v = scalar(node, key, expected);
        if (!v) return;
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), number);
        if (ec != std::errc() || end != v->data() + v->size() || number < spec.min ||
            number > spec.max) {
          // The raw text is not shown for secrets; integers are never secret.
          errors_.add(node.Mark(), key, fmt::format("expected {}, got \"{}\"", expected, *v));
          return;
        }
        spec.apply(target, number);
        return;
      }
      case KeyKind::kBoolean: {
        auto v = scalar(node, key, expected);
        if (!v) return;
        if (*v != "true" && *v != "false") {
          errors_.add(node.Mark(), key, fmt::format("expected {}, got \"{}\"", expected, *v));
          return;
        }
        spec.apply(target, *v == "true");
        return;
      }
      case KeyKind::kChoice: {
        auto v = scalar(node, key, expected);
        if (!v) return;
        for (auto c : spec.choices) {
          if (c == *v) {
            spec.apply(target, *v);
            return;
          }
        }
        errors_.add(node.Mark(), key, fmt::format("expected {}, got \"{}\"", expected, *v));
        return;
      }
      case KeyKind::kStringList:
        if (auto v = text_list(node, key)) spec.apply(target, *v);
        return;
      case KeyKind::kRecordList:
        if (auto v = records(spec, node, key)) spec.apply(target, *v);
        return;
    }
  }

  const std::vector<KeySpec<Section>>& keys_;
  const EnvLookup& env_;
  ErrorList& errors_;
  std::set<std::string>* unset_names_;
  std::set<std::string>& unresolved_keys_;
  KeyLines* lines_ = nullptr;
  std::set<std::string> seen_;
};

void load_scopes(const YAML::Node& node, const EnvLookup& env, ErrorList& errors, Config& config,
                 KeyLines& lines, std::set<std::string>* unset_names,
                 std::set<std::string>& unresolved_keys) {
  if (!node.IsMap()) {
    errors.add(node.Mark(), "scopes",
               "expected a map of scope name to settings, got " + node_kind(node));
    return;
  }
  std::set<std::string> names;
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    const std::string prefix = "scopes." + name + ".";
    if (!names.insert(to_lower(name)).second) {
      errors.add(entry.first.Mark(), "scopes." + name,
                 "duplicate scope (names are case-insensitive)");
      continue;
    }
    if (!entry.second.IsMap()) {
      errors.add(entry.second.Mark(), "scopes." + name,
                 "expected a map, got " + node_kind(entry.second));
      continue;
    }
    ScopeConfig scope;
    scope.name = name;
    scope.line = entry.first.Mark().line + 1;
    lines["scopes." + name] = scope.line;
    SectionLoader<ScopeConfig>(scope_keys(), env, errors, unset_names, unresolved_keys)
        .load(entry.second, prefix, scope, lines);
    config.scopes.push_back(std::move(scope));
  }
}

}  // namespace

Result<ConfigPtr> load_text(std::string_view text, const std::string& file_name,
                            const EnvLookup& env, std::set<std::string>* unset_names) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return invalid_argument(fmt::format("{}:{}:{}: invalid YAML: {}", file_name, e.mark.line + 1,
                                        e.mark.column + 1, e.msg));
  }
  ErrorList errors(file_name);
  auto config = std::make_shared<Config>();
  config->source_path = file_name;
  KeyLines lines;
  std::set<std::string> unresolved_keys;  // values that named an unset ${VAR} (check only)
  if (!root.IsMap()) {
    return invalid_argument(file_name + ":1:1: expected a map with the keys server and scopes");
  }
  std::set<std::string> seen;
  for (const auto& entry : root) {
    const std::string name = entry.first.Scalar();
    if (!seen.insert(name).second) {
      errors.add(entry.first.Mark(), name, "duplicate key (yaml would silently keep one)");
    } else if (name == "server") {
      if (entry.second.IsMap()) {
        SectionLoader<ServerConfig>(server_keys(), env, errors, unset_names, unresolved_keys)
            .load(entry.second, "server.", config->server, lines);
      } else if (!entry.second.IsNull()) {
        errors.add(entry.second.Mark(), "server", "expected a map, got " + node_kind(entry.second));
      }
    } else if (name == "scopes") {
      load_scopes(entry.second, env, errors, *config, lines, unset_names, unresolved_keys);
    } else {
      const std::string best = closest_match(name, {"server", "scopes"});
      errors.add(entry.first.Mark(), name,
                 "unknown key" + (best.empty() ? "" : " (did you mean " + best + "?)"));
    }
  }
  if (seen.count("scopes") == 0) errors.add(root.Mark(), "scopes", "required key is missing");
  if (errors.empty()) {
    for (const auto& problem : validate(*config, lines, unresolved_keys)) {
      errors.add_at_line(problem.line, problem.key, problem.message);
    }
  }
  if (!errors.empty()) return invalid_argument(errors.joined());
  return ConfigPtr(config);
}

Result<ConfigPtr> load_file(const std::string& path, const EnvLookup& env,
                            std::set<std::string>* unset_names) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid_argument(path + ": cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return load_text(buffer.str(), path, env, unset_names);
}

}  // namespace gw::config
