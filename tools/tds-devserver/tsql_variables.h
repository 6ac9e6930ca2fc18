#pragma once
// Scalar variables of a batch: DECLARE @local_variable, SET @local_variable and
// SELECT @local_variable = expr (Microsoft Learn, "Variables (Transact-SQL)"). A variable lives
// until the end of its batch; its declared type converts every value assigned to it.
//
// Each statement becomes a SQLite SELECT whose columns are the values to assign, in the order of
// Translation::targets: the executor runs it and keeps the last row (SQL Server assigns row by row,
// so the last row's values remain; no row leaves the variables unchanged).

#include <optional>
#include <vector>

#include "tsql_lexer.h"
#include "tsql_translator.h"
#include "util/status.h"

namespace gw::tdsdev {

// nullopt when `stmt` is none of the three forms. Errors carry SQL Server's wording: 134 for a
// second DECLARE of a name, 137 for a variable never declared (both checked when the batch is
// compiled, as SQL Server does), 102 for bad syntax.
std::optional<Result<Translation>> translate_variable_statement(const std::vector<SqlToken>& stmt,
                                                                const TranslateContext& ctx);

// After a DECLARE's translation: its variables join the batch's context.
void declare_variables(const Translation& declaration, TranslateContext& ctx);

}  // namespace gw::tdsdev
