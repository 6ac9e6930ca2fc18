#include "batch_generator.h"

namespace gw::differential {
namespace {

// Pieces whose meaning depends on where a reader thinks a comment, string or identifier ends.
constexpr std::string_view kPieces[] = {
    // statements and words
    "SELECT ",
    "SELECT * FROM Categories",
    "SELECT CategoryName FROM Categories WHERE CategoryID = 3",
    " FROM ",
    "Orders",
    "Categories",
    " WHERE ",
    "CategoryID",
    " = ",
    "3",
    " AS ",
    "probe",
    ", ",
    "(",
    ")",
    ";",
    " UNION ALL ",
    "WITH c AS (SELECT 1 AS n) SELECT n FROM c",
    "TOP 1 ",
    "COMMIT TRANSACTION",
    "COMMIT",
    "BEGIN TRANSACTION",
    "BEGIN TRAN",
    "ROLLBACK",
    "SAVE TRAN s",
    "UPDATE Categories SET CategoryName = 'X' WHERE CategoryID = 3",
    "DELETE FROM Orders",
    "INSERT INTO Categories VALUES (99, 'Y', NULL)",
    "DROP TABLE Orders",
    "CREATE TABLE t (a INT)",
    "SELECT 1 INTO t2",
    "EXEC sp_who",
    "SET IMPLICIT_TRANSACTIONS ON",
    "TRUNCATE TABLE Orders",
    // literals and names
    "1",
    "1.5",
    ".5",
    "1e5",
    "1.e5",
    "0x1F",
    "0x",
    "$12.50",
    "$action",
    "@x",
    "@@ROWCOUNT",
    "#t",
    "'",
    "''",
    "'a''b'",
    "N'",
    "N'x'",
    "n'",
    "[",
    "]",
    "]]",
    "[a]]b]",
    "\"",
    "\"\"",
    "\"q\"",
    // comments and lines
    "--",
    "-- c",
    "/*",
    "*/",
    "/* c */",
    "/*/",
    "*",
    "-",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\nGO\n",
    "\nGO 2\n",
    "GO",
    ":",
    "::",
    "<>",
    "!=",
    "+=",
    "=",
    ".",
    "{",
    "}",
    // characters that readers may disagree on, outside strings and in them
    "\v",
    "\f",
    std::string_view("\0", 1),
    "\x1B",
    "\x7F",
    "\xC2\x85",
    "\xC2\xA0",
    "\xE2\x80\xA8",
    "\xE2\x80\xA9",
    "\xE2\x80\x8B",
    "\xE2\x80\x8D",
    "\xE2\x80\xAE",
    "\xE2\x81\xA6",
    "\xEF\xBB\xBF",
    "\xC2\xAD",
    "\xE2\x80\x99",
    "\xEF\xBC\x87",
    // letters that fold to ASCII, and words made of them
    "\xC5\xBF",
    "\xC4\xB1",
    "\xE2\x84\xAA",
    "\xC5\xBF"
    "elect",
    "\xC4\xB1nsert",
    "\xEF\xBC\xB3\xEF\xBC\xA5\xEF\xBC\xAC\xEF\xBC\xA5\xEF\xBC\xA3\xEF\xBC\xB4",
    "\xC3\xA9",
    "\xE6\x97\xA5",
};

}  // namespace

std::size_t piece_count() { return std::size(kPieces); }

std::string build_batch(std::string_view program) {
  std::string out;
  for (const char c : program) {
    const auto pick = static_cast<unsigned char>(c);
    if (pick < std::size(kPieces)) {
      out += kPieces[pick];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace gw::differential
