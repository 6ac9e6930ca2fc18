#include "tsql_for_clause.h"

#include <string>

#include <fmt/format.h>

#include "sql_errors.h"

namespace gw::tdsdev {

namespace {

struct ForClause {
  bool json = true;
  bool auto_mode = false;
  std::string options;  // letters of for_clause_functions.h
  std::string root;
  std::string row_element = "row";  // XML PATH: PATH('x'), PATH('') none
  bool type = false;
  size_t end = 0;  // first token after the clause
};

Status syntax_near(const SqlToken& t) {
  return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t.text));
}

// An optional ('name') after ROOT or PATH at t[i]; advances i past it.
Result<std::string> optional_name(const Tokens& t, size_t& i, size_t end, std::string fallback) {
  if (i < end && t[i].is_symbol("(")) {
    if (i + 2 >= end || t[i + 1].kind != SqlToken::kString || !t[i + 2].is_symbol(")"))
      return syntax_near(t[i]);
    fallback = t[i + 1].text;
    i += 3;
  }
  return fallback;
}

Result<ForClause> parse_for(const Tokens& t, size_t f, size_t end) {
  ForClause fc;
  size_t i = f + 1;
  if (i + 1 >= end) return syntax_near(t[f]);
  fc.json = t[i].is_word("JSON");
  ++i;
  if (t[i].is_word("PATH")) {
    ++i;
    if (!fc.json) {
      auto row = optional_name(t, i, end, "row");
      if (!row) return row.status();
      fc.row_element = *row;
    }
  } else if (t[i].is_word("AUTO") && fc.json) {
    fc.auto_mode = true;
    fc.options += 'A';
    ++i;
  } else {
    return not_supported(fmt::format("FOR {} {}", fc.json ? "JSON" : "XML", to_upper(t[i].text)));
  }
  while (i < end && t[i].is_symbol(",")) {
    ++i;
    if (i >= end) return syntax_near(t[i - 1]);
    const SqlToken& opt = t[i++];
    if (opt.is_word("ROOT")) {
      auto root = optional_name(t, i, end, "root");
      if (!root) return root.status();
      fc.root = *root;
    } else if (fc.json && opt.is_word("INCLUDE_NULL_VALUES")) {
      fc.options += 'N';
    } else if (fc.json && opt.is_word("WITHOUT_ARRAY_WRAPPER")) {
      fc.options += 'W';
    } else if (!fc.json && opt.is_word("TYPE")) {
      fc.type = true;
    } else if (!fc.json && opt.is_word("ELEMENTS")) {
      // PATH mode writes elements already.
    } else {
      return not_supported("FOR " + std::string(fc.json ? "JSON" : "XML") + " option " + opt.text);
    }
  }
  if (i != end) return syntax_near(t[i]);
  fc.end = end;
  return fc;
}

bool is_for_json_subquery(const Tokens& t, size_t b, size_t e) {
  return e - b > 3 && t[b].is_symbol("(") && t[b + 1].is_word("SELECT") &&
         t[b + 2].is_word("TDS_FOR_JSON");
}

Result<Tokens> rewrite_for_clause(const Tokens& t, size_t f, size_t main) {
  const size_t end = query_end(t, f);
  auto fc = parse_for(t, f, end);
  if (!fc) return fc.status();
  const size_t owner = owner_select(t, f);
  if (owner >= f) return syntax_near(t[f]);
  const SelectList list = parse_select_list(t, owner);
  const int line = t[f].line;
  if (fc->json && fc->auto_mode && find_word(t, list.end, f, "JOIN") < f)
    return not_supported("FOR JSON AUTO over a join (use FOR JSON PATH with dotted names)");

  Tokens inner, args;
  std::string kinds;
  for (size_t k = owner; k < list.begin; ++k) inner.push_back(t[k]);
  for (size_t j = 0; j < list.items.size(); ++j) {
    const SelectItem& it = list.items[j];
    if (it.kind == SelectItem::kStar)
      return not_supported(
          fmt::format("SELECT * with FOR {} (name the columns)", fc->json ? "JSON" : "XML"));
    const bool unnamed = it.kind == SelectItem::kUnnamed || it.name.empty();
    if (unnamed && fc->json) {
      return invalid_argument(
          "Column expressions and data sources without names or aliases cannot be formatted as "
          "JSON text using FOR JSON clause. Add alias to the unnamed column or table.");
    }
    const std::string column = unnamed ? fmt::format("_c{}", j + 1) : it.name;
    if (j != 0) inner.push_back(symbol_token(",", line));
    for (size_t k = it.expr_begin; k < it.expr_end; ++k) inner.push_back(t[k]);
    inner.push_back(word_token("AS", line));
    inner.push_back(quoted_token(column, line));
    args.push_back(symbol_token(",", line));
    args.push_back(string_token(unnamed ? "" : it.name, line));
    args.push_back(symbol_token(",", line));
    args.push_back(quoted_token(column, line));
    kinds += is_for_json_subquery(t, it.expr_begin, it.expr_end) ? 'j' : 'v';
  }
  for (size_t k = list.end; k < f; ++k) inner.push_back(t[k]);

  // `( SELECT ... FOR XML PATH(''), TYPE ).value('.', 'nvarchar(max)')`: the string value.
  size_t after = end;
  if (!fc->json && fc->type && end + 7 < t.size() && t[end].is_symbol(")") &&
      t[end + 1].is_symbol(".") && t[end + 2].is_word("VALUE") && t[end + 3].is_symbol("(") &&
      t[end + 4].kind == SqlToken::kString &&
      (t[end + 4].text == "." || t[end + 4].text == "(./text())[1]") && t[end + 5].is_symbol(",") &&
      t[end + 6].kind == SqlToken::kString && t[end + 7].is_symbol(")")) {
    fc->options += 'V';
    after = end + 8;
  }

  Tokens call = {word_token(fc->json ? "tds_for_json" : "tds_for_xml", line),
                 symbol_token("(", line), string_token(fc->options, line)};
  if (!fc->json) {
    call.push_back(symbol_token(",", line));
    call.push_back(string_token(fc->row_element, line));
  }
  call.push_back(symbol_token(",", line));
  call.push_back(string_token(fc->root, line));
  call.push_back(symbol_token(",", line));
  call.push_back(string_token(kinds, line));
  call.insert(call.end(), args.begin(), args.end());
  call.push_back(symbol_token(")", line));

  Tokens aggregate = {word_token("SELECT", line)};
  aggregate.insert(aggregate.end(), call.begin(), call.end());
  aggregate.push_back(word_token("FROM", line));
  aggregate.push_back(symbol_token("(", line));
  aggregate.insert(aggregate.end(), inner.begin(), inner.end());
  aggregate.push_back(symbol_token(")", line));

  Tokens out = slice(t, 0, owner);
  if (owner == main) {
    // The statement's own result: rows of at most 2033 characters, typed nvarchar(max).
    const std::string name =
        std::string(fc->json ? "JSON" : "XML") + "_F52E2B61-18A1-11d1-B105-00805F49916B";
    for (const char* w :
         {"SELECT", "CAST", "(", "value", "AS", "NVARCHAR", "(", "MAX", ")", ")", "AS"})
      out.push_back(std::string(w).find_first_of("()") == 0 ? symbol_token(w, line)
                                                            : word_token(w, line));
    out.push_back(quoted_token(name, line));
    for (const char* w : {"FROM", "json_each", "(", "tds_chunks", "(", "("})
      out.push_back(w[0] == '(' ? symbol_token(w, line) : word_token(w, line));
    out.insert(out.end(), aggregate.begin(), aggregate.end());
    for (int k = 0; k < 3; ++k) out.push_back(symbol_token(")", line));
  } else {
    out.insert(out.end(), aggregate.begin(), aggregate.end());
  }
  if (after != end) out.push_back(symbol_token(")", line));  // the subquery's own ")"
  out.insert(out.end(), t.begin() + static_cast<std::ptrdiff_t>(after == end ? end : after),
             t.end());
  return out;
}

size_t next_for(const Tokens& t) {
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if (t[i].is_word("FOR") && (t[i + 1].is_word("JSON") || t[i + 1].is_word("XML"))) return i;
  return t.size();
}

}  // namespace

Result<Tokens> rewrite_for_clauses(const Tokens& in, size_t main) {
  return rewrite_each(in, next_for,
                      [main](const Tokens& t, size_t f) { return rewrite_for_clause(t, f, main); });
}

}  // namespace gw::tdsdev
