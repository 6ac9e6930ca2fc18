#include "tsql_rewrite.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sql_errors.h"
#include "util/text.h"

namespace gw::tdsdev {

std::string sqlite_string_literal(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string sqlite_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

namespace {

Status syntax_error_near(const SqlToken& t) {
  return invalid_argument(fmt::format("Incorrect syntax near '{}'.", t.text));
}

constexpr const char* kTableHints[] = {
    "NOLOCK",       "READUNCOMMITTED", "READCOMMITTED", "UPDLOCK",  "HOLDLOCK", "ROWLOCK",
    "PAGLOCK",      "TABLOCK",         "TABLOCKX",      "READPAST", "NOWAIT",   "XLOCK",
    "SERIALIZABLE", "REPEATABLEREAD",  "NOEXPAND",      "INDEX"};

class Rewriter {
 public:
  Rewriter(const std::vector<SqlToken>& t, const TranslateContext& ctx, RewriteNotes& notes)
      : t_(t), ctx_(ctx), notes_(notes) {}

  Result<std::string> run(size_t b, size_t e) {
    for (size_t i = b; i < e; ++i) {
      if (Status s = step(i, e); !s.is_ok()) return s;
    }
    close_limits(-1);
    return out_;
  }

 private:
  struct PendingLimit {
    int depth;  // paren depth of the SELECT whose TOP this is
    std::string limit;
  };

  // SQLite does not care about spaces; these rules only keep the output readable in tests and logs.
  void emit(const std::string& s) {
    char last = out_.empty() ? '(' : out_.back();
    bool glue = last == '(' || last == '.' || s == ")" || s == "," || s == ".";
    if (s == "(")
      glue = last == '(' || last == '.' || std::isalnum(static_cast<unsigned char>(last)) ||
             last == '_';
    if (!out_.empty() && !glue) out_ += ' ';
    out_ += s;
  }

  // A TOP becomes a LIMIT where its SELECT ends: at the ")" closing its depth, or at the end.
  void close_limits(int depth) {
    while (!limits_.empty() && (depth < 0 || limits_.back().depth == depth)) {
      emit("LIMIT " + limits_.back().limit);
      limits_.pop_back();
    }
  }

  // Rewrites the token at t_[i] (and any it consumes; i is left on the last one).
  Status step(size_t& i, size_t e) {
    const SqlToken& tok = t_[i];
    if (tok.is_symbol("(")) {
      // NVARCHAR(MAX) in DDL: SQLite type arguments are numbers, but a quoted type name is kept
      // verbatim, so sqlite3_column_decltype still reads "NVARCHAR(MAX)".
      if (i + 2 < e && t_[i + 1].is_word("MAX") && t_[i + 2].is_symbol(")")) {
        size_t start = out_.find_last_of(' ') == std::string::npos ? 0 : out_.find_last_of(' ') + 1;
        std::string type_word = out_.substr(start);
        out_.resize(start);
        out_ += sqlite_identifier(type_word + "(MAX)");
        i += 2;
        return Status::ok();
      }
      ++depth_;
      emit("(");
      return Status::ok();
    }
    if (tok.is_symbol(")")) {
      close_limits(depth_);
      --depth_;
      emit(")");
      return Status::ok();
    }
    if (tok.is_word("SELECT")) {
      emit("SELECT");
      if (i + 1 < e && (t_[i + 1].is_word("DISTINCT") || t_[i + 1].is_word("ALL")))
        emit(t_[++i].text);
      if (i + 1 < e && t_[i + 1].is_word("TOP")) {
        ++i;
        auto lim = read_top(i, e);
        if (!lim) return lim.status();
        limits_.push_back({depth_, *lim});
      }
      return Status::ok();
    }
    if (tok.is_word("TOP")) return not_supported("TOP outside SELECT");
    if (tok.is_word("IDENTITY")) return read_identity(i, e, out_);
    if (tok.is_word("OFFSET")) {
      auto s = read_offset(i, e);
      if (!s) return s.status();
      emit(*s);
      return Status::ok();
    }
    if (tok.is_word("WITH") && i + 2 < e && t_[i + 1].is_symbol("(") &&
        std::any_of(std::begin(kTableHints), std::end(kTableHints),
                    [&](const char* h) { return t_[i + 2].is_word(h); })) {
      i = matching_paren(i + 1, e);  // table hints do not change results here
      return Status::ok();
    }
    auto piece = rewrite_one(i, e);
    if (!piece) return piece.status();
    emit(*piece);
    return Status::ok();
  }

  size_t matching_paren(size_t open, size_t e) const {
    int d = 0;
    for (size_t i = open; i < e; ++i) {
      if (t_[i].is_symbol("(")) ++d;
      if (t_[i].is_symbol(")") && --d == 0) return i;
    }
    return e - 1;
  }

  // INT IDENTITY[(1,1)] [NOT NULL] PRIMARY KEY -> INTEGER PRIMARY KEY AUTOINCREMENT: SQLite numbers
  // rows itself only for its rowid alias, so an identity column must be the primary key.
  Status read_identity(size_t& i, size_t e, std::string& out) {
    size_t start = out.find_last_of(' ') == std::string::npos ? 0 : out.find_last_of(' ') + 1;
    std::string type = to_upper(out.substr(start));
    if (type != "INT" && type != "BIGINT" && type != "SMALLINT" && type != "TINYINT")
      return syntax_error_near(t_[i]);
    out.replace(start, std::string::npos, "INTEGER");
    if (i + 1 < e && t_[i + 1].is_symbol("(")) {
      size_t close = matching_paren(i + 1, e);
      std::string args;
      for (size_t k = i + 2; k < close; ++k) args += t_[k].text;
      if (args != "1,1") return not_supported("IDENTITY(" + args + ")");
      i = close;
    }
    if (i + 2 < e && t_[i + 1].is_word("NOT") && t_[i + 2].is_word("NULL")) i += 2;
    if (!(i + 2 < e && t_[i + 1].is_word("PRIMARY") && t_[i + 2].is_word("KEY"))) {
      return not_supported("IDENTITY on a column that is not the PRIMARY KEY");
    }
    i += 2;
    out += " PRIMARY KEY AUTOINCREMENT";
    return Status::ok();
  }

  // TOP (expr) | TOP n | TOP @v, at t_[i] == TOP; leaves i on the last token used.
  Result<std::string> read_top(size_t& i, size_t e) {
    if (i + 1 >= e) return syntax_error_near(t_[i]);
    std::string lim;
    if (t_[i + 1].is_symbol("(")) {
      size_t close = matching_paren(i + 1, e);
      auto inner = Rewriter(t_, ctx_, notes_).run(i + 2, close);
      if (!inner) return inner.status();
      lim = "(" + *inner + ")";
      i = close;
    } else if (t_[i + 1].kind == SqlToken::kNumber || t_[i + 1].kind == SqlToken::kVariable) {
      lim = t_[++i].text;
    } else {
      return syntax_error_near(t_[i + 1]);
    }
    if (i + 1 < e && t_[i + 1].is_word("PERCENT")) return not_supported("TOP ... PERCENT");
    if (i + 2 < e && t_[i + 1].is_word("WITH") && t_[i + 2].is_word("TIES")) {
      return not_supported("TOP ... WITH TIES");
    }
    return lim;
  }

  // OFFSET n ROWS [FETCH {FIRST|NEXT} m {ROW|ROWS} ONLY] -> LIMIT m OFFSET n.
  Result<std::string> read_offset(size_t& i, size_t e) {
    size_t start = i + 1, j = start;
    while (j < e && !t_[j].is_word("ROW") && !t_[j].is_word("ROWS")) ++j;
    if (j >= e || j == start) return syntax_error_near(t_[i]);
    auto off = Rewriter(t_, ctx_, notes_).run(start, j);
    if (!off) return off.status();
    std::string fetch = "-1";
    i = j;
    if (i + 1 < e && t_[i + 1].is_word("FETCH")) {
      size_t k = i + 2;
      if (k >= e || !(t_[k].is_word("NEXT") || t_[k].is_word("FIRST")))
        return syntax_error_near(t_[i + 1]);
      size_t fs = k + 1, fe = fs;
      while (fe < e && !t_[fe].is_word("ROW") && !t_[fe].is_word("ROWS")) ++fe;
      if (fe + 1 >= e || !t_[fe + 1].is_word("ONLY") || fe == fs) return syntax_error_near(t_[k]);
      auto f = Rewriter(t_, ctx_, notes_).run(fs, fe);
      if (!f) return f.status();
      fetch = "(" + *f + ")";
      i = fe + 1;
    }
    return "LIMIT " + fetch + " OFFSET (" + *off + ")";
  }

  bool is_schema(const std::string& s) const {
    std::string l = to_lower(s);
    return l == "dbo" || l == "sys" || l == "information_schema" || ctx_.schemas.count(l) > 0;
  }

  // A possibly multi-part name starting at t_[i]; leaves i on its last part.
  std::string read_name(size_t& i, size_t e) {
    std::vector<std::string> parts = {t_[i].text};
    while (i + 2 < e && t_[i + 1].is_symbol(".") && t_[i + 2].is_name()) {
      parts.push_back(t_[i + 2].text);
      i += 2;
    }
    size_t k = 0;
    if (parts.size() >= 3 && to_lower(parts[0]) == to_lower(ctx_.database) && is_schema(parts[1]))
      k = 1;
    std::vector<std::string> out;
    if (parts.size() - k >= 2 && is_schema(parts[k])) {
      std::string schema = to_lower(parts[k]);
      if (schema == "dbo") {
        out.push_back(parts[k + 1]);
      } else if (schema == "sys") {
        notes_.uses_catalog = true;
        out.push_back("sys." + to_lower(parts[k + 1]));
      } else if (schema == "information_schema") {
        notes_.uses_catalog = true;
        out.push_back("INFORMATION_SCHEMA." + to_upper(parts[k + 1]));
      } else {
        out.push_back(parts[k] + "." + parts[k + 1]);
      }
      std::string written;
      for (size_t j = 0; j <= k + 1; ++j) written += (j ? "." : "") + parts[j];
      notes_.written_names.emplace_back(out[0], written);
      k += 2;
    }
    for (; k < parts.size(); ++k) out.push_back(parts[k]);
    std::string s;
    for (const auto& p : out) s += (s.empty() ? "" : ".") + sqlite_identifier(p);
    return s;
  }

  // CAST(expr AS type) and CONVERT(type, expr[, style]) -> tds_cast(expr, 'type'), a function that
  // converts as SQL Server does and tags the value with its type. CONVERT's style formats a date
  // into a string type (tds_style_out) or reads a string into a date type (tds_style_in);
  // TRY_CAST/TRY_CONVERT give NULL where the conversion fails ("TRY_CONVERT (Transact-SQL)").
  Result<std::string> read_cast(size_t& i, size_t e, bool convert, bool try_cast) {
    size_t open = i + 1, close = matching_paren(open, e);
    if (close >= e || !t_[close].is_symbol(")")) return syntax_error_near(t_[i]);
    size_t split = close;
    int d = 0;
    for (size_t k = open + 1; k < close; ++k) {
      if (t_[k].is_symbol("(")) ++d;
      if (t_[k].is_symbol(")")) --d;
      if (d == 0 && (convert ? t_[k].is_symbol(",") : t_[k].is_word("AS"))) {
        split = k;
        if (convert) break;
      }
    }
    if (split == close) return syntax_error_near(t_[i]);
    size_t type_b = convert ? open + 1 : split + 1, type_e = convert ? split : close;
    size_t expr_b = convert ? split + 1 : open + 1, expr_e = convert ? close : split;
    size_t style_b = close;
    if (convert) {
      d = 0;
      for (size_t k = expr_b; k < close; ++k) {
        if (t_[k].is_symbol("(")) ++d;
        if (t_[k].is_symbol(")")) --d;
        if (d == 0 && t_[k].is_symbol(",")) {
          expr_e = k;
          style_b = k + 1;
          break;
        }
      }
    }
    std::string type;
    for (size_t k = type_b; k < type_e; ++k) type += t_[k].text;
    const std::string upper = to_upper(type);
    std::string expr;
    // A decimal literal cast to decimal goes as text, so no digit is lost through a double
    // (CAST(12.345678901234567890 AS decimal(38,18)) keeps all 20 digits).
    if (expr_e == expr_b + 1 && t_[expr_b].kind == SqlToken::kNumber &&
        (upper.rfind("DECIMAL", 0) == 0 || upper.rfind("NUMERIC", 0) == 0) &&
        t_[expr_b].text.find_first_of("eE$") == std::string::npos) {
      expr = sqlite_string_literal(t_[expr_b].text);
    } else {
      auto r = Rewriter(t_, ctx_, notes_).run(expr_b, expr_e);
      if (!r) return r.status();
      expr = *r;
    }
    if (style_b < close) {
      auto style = Rewriter(t_, ctx_, notes_).run(style_b, close);
      if (!style) return style.status();
      const bool to_text = upper.rfind("VARCHAR", 0) == 0 || upper.rfind("NVARCHAR", 0) == 0 ||
                           upper.rfind("CHAR", 0) == 0 || upper.rfind("NCHAR", 0) == 0;
      const bool to_date = upper.rfind("DATE", 0) == 0 || upper.rfind("SMALLDATETIME", 0) == 0;
      if (to_text) expr = "tds_style_out(" + expr + ", " + *style + ")";
      if (to_date) expr = "tds_style_in(" + expr + ", " + *style + ")";
    }
    i = close;
    const std::string cast = "tds_cast(" + expr + ", " + sqlite_string_literal(type) + ")";
    if (!try_cast) return cast;
    return "(CASE WHEN tds_can_cast(" + expr + ", " + sqlite_string_literal(type) + ") THEN " +
           cast + " END)";
  }

  // A decimal literal of more digits than a double holds is numeric(p,s), exactly
  // ("Constants (Transact-SQL)": decimal constants).
  static std::string number_literal(const std::string& text) {
    if (text.find_first_of("eE$") != std::string::npos) return text;
    auto dot = text.find('.');
    if (dot == std::string::npos) return text;
    size_t first = text.find_first_not_of("0.");
    size_t significant =
        first == std::string::npos ? 0 : text.size() - first - (first < dot ? 1 : 0);
    if (significant <= 15) return text;
    size_t scale = text.size() - dot - 1, precision = std::max(text.size() - 1, scale + 1);
    return "tds_cast(" + sqlite_string_literal(text) + ", " +
           sqlite_string_literal(
               fmt::format("decimal({},{})", std::min<size_t>(precision, 38), scale)) +
           ")";
  }

  Result<std::string> rewrite_one(size_t& i, size_t e) {
    const SqlToken& tok = t_[i];
    bool call = i + 1 < e && t_[i + 1].is_symbol("(");
    switch (tok.kind) {
      case SqlToken::kString: return sqlite_string_literal(tok.text);
      case SqlToken::kHex: return "X'" + (tok.text.size() % 2 ? "0" + tok.text : tok.text) + "'";
      case SqlToken::kNumber:  // $12.50 is money ("Constants (Transact-SQL)"): the number
        return tok.text[0] == '$' ? tok.text.substr(1) : number_literal(tok.text);
      case SqlToken::kSymbol:
        if (tok.text == "!<") return std::string(">=");
        if (tok.text == "!>") return std::string("<=");
        if (tok.text == "::") return syntax_error_near(tok);
        return tok.text;
      case SqlToken::kVariable: return rewrite_variable(tok);
      case SqlToken::kQuoted: return read_name(i, e);
      case SqlToken::kWord: break;
    }
    if (call && (tok.is_word("CAST") || tok.is_word("TRY_CAST")))
      return read_cast(i, e, false, tok.is_word("TRY_CAST"));
    if (call && (tok.is_word("CONVERT") || tok.is_word("TRY_CONVERT")))
      return read_cast(i, e, true, tok.is_word("TRY_CONVERT"));
    if (call && tok.is_word("ISNULL")) return std::string("IFNULL");
    if (call && tok.is_word("SCOPE_IDENTITY")) return std::string("last_insert_rowid");
    if (i + 1 < e && t_[i + 1].is_symbol(".")) return read_name(i, e);
    return tok.text;
  }

  Result<std::string> rewrite_variable(const SqlToken& tok) {
    if (tok.text.rfind("@@", 0) != 0) return tok.text;  // a parameter: bound by name
    std::string v = to_upper(tok.text);
    if (v == "@@VERSION") return sqlite_string_literal(ctx_.version_text);
    if (v == "@@ROWCOUNT") return std::string("changes()");
    if (v == "@@IDENTITY") return std::string("last_insert_rowid()");
    if (v == "@@SPID") return std::string("tds_spid()");
    if (v == "@@TRANCOUNT") return std::string("tds_trancount()");
    if (v == "@@SERVERNAME" || v == "@@SERVICENAME") return sqlite_string_literal("tds-devserver");
    if (v == "@@LANGUAGE") return sqlite_string_literal("us_english");
    if (v == "@@ERROR") return std::string("0");
    return not_supported(tok.text);
  }

  const std::vector<SqlToken>& t_;
  const TranslateContext& ctx_;
  RewriteNotes& notes_;
  std::string out_;
  std::vector<PendingLimit> limits_;
  int depth_ = 0;
};

}  // namespace

Result<std::string> rewrite_tokens(const std::vector<SqlToken>& toks, size_t begin, size_t end,
                                   const TranslateContext& ctx, RewriteNotes& notes) {
  return Rewriter(toks, ctx, notes).run(begin, end);
}

}  // namespace gw::tdsdev
