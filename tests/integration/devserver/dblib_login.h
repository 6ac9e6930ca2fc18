#pragma once
// The db-lib clients of the devserver tests log in the same way: TDS 7.4, UTF-8, 127.0.0.1:port.

#include <sybdb.h>

#include <string>

// Opens a connection (nullptr when the login fails); `packet_size` 0 leaves the default (4096).
inline DBPROCESS* open_devserver(const char* port, const char* user, const char* password,
                                 int packet_size = 0) {
  LOGINREC* login = dblogin();
  DBSETLUSER(login, user);
  DBSETLPWD(login, password);
  DBSETLVERSION(login, DBVERSION_74);
  DBSETLCHARSET(login, "UTF-8");
  if (packet_size > 0) DBSETLPACKET(login, packet_size);
  const std::string host = std::string("127.0.0.1:") + port;
  DBPROCESS* db = dbopen(login, host.c_str());
  dbloginfree(login);
  return db;
}
