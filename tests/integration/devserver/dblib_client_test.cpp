// FreeTDS db-lib (the library the gateway uses) against tds-devserver: results spanning many packets,
// sp_executesql through dbrpc*, dbcancel() of a WAITFOR and of a streaming SELECT, and the connection
// still usable afterwards. Usage: dblib-client-test PORT USER PASSWORD
#include <sybdb.h>
#include <sybfront.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "dblib_login.h"

namespace {

int g_failures = 0;

void fail(const std::string& what) {
  std::printf("FAIL: %s\n", what.c_str());
  ++g_failures;
}

int on_error(DBPROCESS*, int, int dberr, int, char* text, char*) {
  if (dberr != SYBETIME) std::printf("db-lib error %d: %s\n", dberr, text);
  return INT_CANCEL;
}

int on_message(DBPROCESS*, DBINT, int, int, char*, char*, char*, int) { return 0; }

long long elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

// Runs a query returning one integer.
long long scalar(DBPROCESS* db, const char* sql) {
  long long v = -1;
  if (dbcmd(db, sql) == FAIL || dbsqlexec(db) == FAIL) return -2;
  while (dbresults(db) == SUCCEED) {
    while (dbnextrow(db) != NO_MORE_ROWS) {
      DBBIGINT big = 0;
      dbconvert(db, dbcoltype(db, 1), dbdata(db, 1), dbdatlen(db, 1), SYBINT8, reinterpret_cast<BYTE*>(&big),
                sizeof big);
      v = big;
    }
  }
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s PORT USER PASSWORD\n", argv[0]);
    return 2;
  }
  dbinit();
  dberrhandle(on_error);
  dbmsghandle(on_message);
  // A packet size other than the default 4096, which the server must negotiate and then use.
  DBPROCESS* db = open_devserver(argv[1], argv[2], argv[3], 8192);
  if (db == nullptr) {
    std::printf("FAIL: dbopen\n");
    return 1;
  }

  if (dbgetpacket(db) != 8192) fail("negotiated packet size " + std::to_string(dbgetpacket(db)));

  // 20,000 rows of three columns: many packets.
  if (dbcmd(db, "SELECT ID, Val, Label FROM dbo.BigTable WHERE ID <= 20000 ORDER BY ID") == FAIL ||
      dbsqlexec(db) == FAIL || dbresults(db) != SUCCEED) {
    fail("multi-packet SELECT");
  } else {
    long rows = 0;
    while (dbnextrow(db) != NO_MORE_ROWS) ++rows;
    if (rows != 20000) fail("multi-packet SELECT read " + std::to_string(rows) + " rows");
    while (dbresults(db) == SUCCEED) {}
  }

  // sp_executesql as an RPC with typed parameters (db-lib's dbrpc* calls).
  {
    std::string stmt = "SELECT FirstName, State FROM dbo.Customers WHERE CustomerID = @id AND State = @st";
    std::string decl = "@id int, @st nvarchar(2)";
    DBINT id = 7;
    std::string st = "NC";
    bool ok = dbrpcinit(db, const_cast<char*>("sp_executesql"), 0) == SUCCEED &&
              dbrpcparam(db, nullptr, 0, SYBVARCHAR, -1, static_cast<DBINT>(stmt.size()),
                         reinterpret_cast<BYTE*>(stmt.data())) == SUCCEED &&
              dbrpcparam(db, nullptr, 0, SYBVARCHAR, -1, static_cast<DBINT>(decl.size()),
                         reinterpret_cast<BYTE*>(decl.data())) == SUCCEED &&
              dbrpcparam(db, const_cast<char*>("@id"), 0, SYBINT4, -1, -1, reinterpret_cast<BYTE*>(&id)) == SUCCEED &&
              dbrpcparam(db, const_cast<char*>("@st"), 0, SYBVARCHAR, -1, static_cast<DBINT>(st.size()),
                         reinterpret_cast<BYTE*>(st.data())) == SUCCEED &&
              dbrpcsend(db) == SUCCEED && dbsqlok(db) == SUCCEED;
    std::string got;
    while (ok && dbresults(db) == SUCCEED) {
      while (dbnextrow(db) != NO_MORE_ROWS) {
        got += std::string(reinterpret_cast<char*>(dbdata(db, 1)), static_cast<size_t>(dbdatlen(db, 1))) + "/" +
               std::string(reinterpret_cast<char*>(dbdata(db, 2)), static_cast<size_t>(dbdatlen(db, 2)));
      }
    }
    if (!ok) fail("sp_executesql RPC");
    if (got != "David/NC") fail("sp_executesql RPC returned \"" + got + "\"");
    if (dbhasretstat(db) != TRUE || dbretstatus(db) != 0) fail("sp_executesql return status");
  }

  // dbcancel() of a long WAITFOR: the server stops it and acknowledges.
  auto start = std::chrono::steady_clock::now();
  if (dbcmd(db, "WAITFOR DELAY '00:00:30'") == FAIL || dbsqlsend(db) == FAIL) fail("send WAITFOR");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  if (dbcancel(db) == FAIL) fail("dbcancel of WAITFOR");
  if (elapsed_ms(start) > 5000) fail("WAITFOR cancel took " + std::to_string(elapsed_ms(start)) + " ms");
  if (scalar(db, "SELECT 40 + 2") != 42) fail("connection unusable after the WAITFOR cancel");

  // dbcancel() in the middle of a streaming SELECT.
  start = std::chrono::steady_clock::now();
  if (dbcmd(db, "SELECT ID, Val, Label FROM dbo.BigTable ORDER BY ID") == FAIL || dbsqlexec(db) == FAIL ||
      dbresults(db) != SUCCEED) {
    fail("streaming SELECT");
  } else {
    for (int i = 0; i < 1000 && dbnextrow(db) != NO_MORE_ROWS; ++i) {}
    if (dbcancel(db) == FAIL) fail("dbcancel of SELECT");
    if (elapsed_ms(start) > 5000) fail("SELECT cancel took " + std::to_string(elapsed_ms(start)) + " ms");
  }
  if (scalar(db, "SELECT COUNT(*) FROM dbo.Customers") != 200) fail("connection unusable after the SELECT cancel");

  dbclose(db);
  dbexit();
  if (g_failures == 0) std::printf("db-lib: all checks passed\n");
  return g_failures == 0 ? 0 : 1;
}
