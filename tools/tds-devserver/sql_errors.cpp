#include "sql_errors.h"

#include "security_model.h"

#include <fmt/format.h>

#include "object_ids.h"

namespace gw::tdsdev {

namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// "dbo"-less SQLite names back to what the user wrote: "sales.Regions" stays, "Customers" stays.
std::string after(const std::string& s, const std::string& prefix) {
  return s.substr(prefix.size());
}

}  // namespace

ServerMessage message_from_sqlite(const std::string& m) {
  ServerMessage out;
  out.severity = 16;
  out.state = 1;
  if (starts_with(m, "no such table: ")) {
    std::string name = after(m, "no such table: ");
    if (starts_with(name, "main.")) name = name.substr(5);
    out.number = 208;
    out.text = fmt::format("Invalid object name '{}'.", name);
  } else if (starts_with(m, "no such column: ")) {
    out.number = 207;
    out.text = fmt::format("Invalid column name '{}'.", after(m, "no such column: "));
  } else if (starts_with(m, "near \"") && m.find("\": syntax error") != std::string::npos) {
    out.number = 102;
    out.severity = 15;
    out.text =
        fmt::format("Incorrect syntax near '{}'.", m.substr(6, m.find("\": syntax error") - 6));
  } else if (m == "incomplete input") {
    out.number = 102;
    out.severity = 15;
    out.text = "Incorrect syntax near the end of the batch.";
  } else if (starts_with(m, "no such function: ")) {
    out.number = 195;
    out.severity = 15;
    out.text = fmt::format("'{}' is not a recognized built-in function name.",
                           after(m, "no such function: "));
  } else if (starts_with(m, "UNIQUE constraint failed") || starts_with(m, "PRIMARY KEY")) {
    out.number = 2627;
    out.severity = 14;
    out.text = fmt::format(
        "Violation of PRIMARY KEY or UNIQUE KEY constraint: {}. Cannot insert duplicate key.",
        m.substr(m.find(':') == std::string::npos ? 0 : m.find(':') + 2));
  } else if (starts_with(m, "FOREIGN KEY constraint failed")) {
    out.number = 547;
    out.text = "The statement conflicted with a FOREIGN KEY constraint.";
  } else if (starts_with(m, "NOT NULL constraint failed: ")) {
    std::string col = after(m, "NOT NULL constraint failed: ");
    auto dot = col.rfind('.');
    out.number = 515;
    out.text = fmt::format(
        "Cannot insert the value NULL into column '{}', table '{}'; column does not allow "
        "nulls. INSERT fails.",
        col.substr(dot + 1), col.substr(0, dot));
  } else if (starts_with(m, "Conversion failed")) {
    out.number = m.find("date and/or time") != std::string::npos   ? 241
                 : m.find("uniqueidentifier") != std::string::npos ? 8169
                                                                   : 245;
    out.text = m;
  } else if (starts_with(m, "Type ") &&
             m.find("is not a defined system type") != std::string::npos) {
    out.number = 243;
    out.text = m;
  } else if (starts_with(m, "not authorized")) {
    // The reader login's authorizer refused it (security_model.h) and chose the error.
    const std::optional<Denial> denial = take_denial();
    out.number = denial ? denial->number : 229;
    out.severity = 14;
    out.text = denial ? denial->text : "The permission was denied.";
  } else if (starts_with(m, "cannot commit - no transaction is active")) {
    out.number = 3902;
    out.text = "The COMMIT TRANSACTION request has no corresponding BEGIN TRANSACTION.";
  } else if (starts_with(m, "cannot rollback - no transaction is active")) {
    out.number = 3903;
    out.text = "The ROLLBACK TRANSACTION request has no corresponding BEGIN TRANSACTION.";
  } else if (starts_with(m, "cannot start a transaction within a transaction")) {
    out.number = 50000;
    out.text = "Nested BEGIN TRANSACTION is not supported by tds-devserver.";
  } else if (starts_with(m, "table ") && m.find("already exists") != std::string::npos) {
    out.number = 2714;
    out.text = fmt::format("There is already an object named '{}' in the database.",
                           m.substr(6, m.find(" already exists") - 6));
  } else {
    out.number = 50000;
    out.text = "tds-devserver (SQLite): " + m;
  }
  return out;
}

Status not_supported(const std::string& what) {
  return failed_precondition(fmt::format("{} is not supported by tds-devserver.", what));
}

ServerMessage message_from_status(const Status& s) {
  ServerMessage out;
  out.state = 1;
  out.severity = 15;
  out.text = s.message();
  if (starts_with(s.message(), "Unclosed quotation mark"))
    out.number = 105;
  else if (starts_with(s.message(), "Incorrect syntax"))
    out.number = 102;
  else if (starts_with(s.message(), "Missing end comment"))
    out.number = 113;
  else if (starts_with(s.message(), "The variable name"))
    out.number = 134;
  else if (starts_with(s.message(), "Must declare the scalar variable"))
    out.number = 137;
  else if (starts_with(s.message(), "A SELECT statement that assigns"))
    out.number = 141;
  else {
    out.number = 50000;
    out.severity = 16;
  }
  return out;
}

}  // namespace gw::tdsdev
