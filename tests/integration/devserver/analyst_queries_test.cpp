// The analyst query corpus (analyst_queries.txt) through FreeTDS db-lib against tds-devserver
// --demo: each query's column names and rows must be the expected ones, which were worked out from
// SQL Server's documented semantics and the demo data's rules (tools/tds-devserver/README.md), not
// taken from this server's output.
//
// Corpus format: "--- title" starts a case; the query follows (any lines) up to a line "=> a|b"
// giving the column names, then one line per row, values separated by "|", NULL as NULL. Values
// are compared as db-lib's dbconvert() writes them as text (SYBCHAR): numbers as digits, decimals
// with their scale, dates as the query CONVERTs them. Lines starting with "#" are comments.
// Usage: analyst-queries-test PORT USER PASSWORD CORPUS
#include <sybdb.h>
#include <sybfront.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "dblib_login.h"

namespace {

struct Case {
  std::string title, query, columns;
  std::vector<std::string> rows;
  int line = 0;
};

std::string g_last_error;

int on_error(DBPROCESS*, int, int, int, char* text, char*) {
  g_last_error = text ? text : "";
  return INT_CANCEL;
}

int on_message(DBPROCESS*, DBINT number, int, int severity, char* text, char*, char*, int) {
  if (severity > 10) g_last_error = "Msg " + std::to_string(number) + ": " + (text ? text : "");
  return 0;
}

std::vector<Case> read_corpus(const char* path) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line;
  enum { kNone, kQuery, kRows } state = kNone;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("--- ", 0) == 0) {
      cases.push_back(Case{line.substr(4), "", "", {}, n});
      state = kQuery;
      continue;
    }
    if (state == kNone || (line.rfind("#", 0) == 0)) continue;
    if (state == kQuery && line.rfind("=> ", 0) == 0) {
      cases.back().columns = line.substr(3);
      state = kRows;
    } else if (state == kQuery && line == "=>") {
      state = kRows;
    } else if (state == kQuery) {
      cases.back().query += line + "\n";
    } else if (!line.empty()) {
      cases.back().rows.push_back(line);
    }
  }
  return cases;
}

std::string cell(DBPROCESS* db, int c) {
  BYTE* data = dbdata(db, c);
  DBINT len = dbdatlen(db, c);
  if (data == nullptr) return "NULL";
  // destlen -1: a NUL-terminated string, no blank padding (FreeTDS dbconvert()).
  std::string out(static_cast<size_t>(len) * 4 + 64, '\0');
  DBINT n =
      dbconvert(db, dbcoltype(db, c), data, len, SYBCHAR, reinterpret_cast<BYTE*>(out.data()), -1);
  if (n < 0) return "<unconvertible>";
  out.resize(out.find('\0'));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s PORT USER PASSWORD CORPUS\n", argv[0]);
    return 2;
  }
  const std::vector<Case> cases = read_corpus(argv[4]);
  if (cases.size() < 100) {
    std::printf("FAIL: the corpus has %zu cases, fewer than 100\n", cases.size());
    return 1;
  }
  dbinit();
  dberrhandle(on_error);
  dbmsghandle(on_message);
  DBPROCESS* db = open_devserver(argv[1], argv[2], argv[3]);
  if (db == nullptr) {
    std::printf("FAIL: dbopen\n");
    return 1;
  }
  int failures = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const Case& c : cases) {
    g_last_error.clear();
    std::vector<std::string> rows;
    std::string columns;
    bool ok = dbcmd(db, c.query.c_str()) != FAIL && dbsqlexec(db) != FAIL;
    // The last result set with columns is the answer (DECLARE/SET before it send none).
    while (ok) {
      RETCODE r = dbresults(db);
      if (r == NO_MORE_RESULTS) break;
      if (r == FAIL) {
        ok = false;
        break;
      }
      if (dbnumcols(db) == 0) continue;
      rows.clear();
      columns.clear();
      for (int k = 1; k <= dbnumcols(db); ++k)
        columns += (k > 1 ? "|" : "") + std::string(dbcolname(db, k));
      while (dbnextrow(db) != NO_MORE_ROWS) {
        std::string row;
        for (int k = 1; k <= dbnumcols(db); ++k) row += (k > 1 ? "|" : "") + cell(db, k);
        rows.push_back(row);
      }
    }
    if (!ok || !g_last_error.empty()) {
      std::printf("FAIL line %d (%s): error %s\n", c.line, c.title.c_str(), g_last_error.c_str());
      dbcancel(db);
      ++failures;
      continue;
    }
    bool same = columns == c.columns && rows == c.rows;
    if (!same) {
      ++failures;
      std::printf("FAIL line %d (%s)\n  want => %s\n", c.line, c.title.c_str(), c.columns.c_str());
      for (const auto& r : c.rows) std::printf("       %s\n", r.c_str());
      std::printf("  got  => %s\n", columns.c_str());
      for (const auto& r : rows) std::printf("       %s\n", r.c_str());
    }
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  dbclose(db);
  dbexit();
  std::printf("%zu analyst queries, %d failed, %lld ms\n", cases.size(), failures,
              static_cast<long long>(ms));
  return failures == 0 ? 0 : 1;
}
