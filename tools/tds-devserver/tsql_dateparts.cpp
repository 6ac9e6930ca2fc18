#include "tsql_dateparts.h"

namespace gw::tdsdev {

std::vector<SqlToken> rewrite_dateparts(const std::vector<SqlToken>& tokens) {
  std::vector<SqlToken> out = tokens;
  for (size_t i = 0; i + 3 < out.size(); ++i) {
    SqlToken& fn = out[i];
    bool known = fn.is_word("DATEADD") || fn.is_word("DATEDIFF") || fn.is_word("DATEPART") ||
                 fn.is_word("DATENAME") || fn.is_word("DATEDIFF_BIG");
    if (!known || !out[i + 1].is_symbol("(") || out[i + 2].kind != SqlToken::kWord ||
        !out[i + 3].is_symbol(",")) {
      continue;
    }
    std::string name = fn.is_word("DATEDIFF_BIG") ? "datediff" : fn.text;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    fn.text = "tds_" + name;
    out[i + 2].kind = SqlToken::kString;
    out[i + 2].text = to_upper(out[i + 2].text);
  }
  return out;
}

}  // namespace gw::tdsdev
