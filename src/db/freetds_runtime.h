#pragma once
// Process-wide db-lib state, set up once: dbinit, the global error and message handlers (which
// route every callback to the connection that raised it, via dbsetuserdata), and the generated
// freetds.conf.
//
// Why a generated freetds.conf: db-lib 1.3.17 has no LOGINREC field for encryption (dbsetlname(...,
// DBSETENCRYPT) fails with "Attempt to set unknown LOGINREC field"), so encryption and certificate
// checks can only come from a freetds.conf section. Each connector registers one section named
// after it; FREETDSCONF points db-lib at the file.
//   encryption: off -> "encryption = off"; request -> "encryption = request"; require ->
//   "encryption = require" trust_server_certificate: false (and encryption not off) -> "ca file =
//   system" + "check certificate hostname = yes" (verify against the system trust store); true ->
//   no "ca file" (db-lib then does not verify the chain).
// Passwords never go into the file: they are set on the LOGINREC only.

#include <pthread.h>

#include <string>
#include <vector>

#include "db/connection_settings.h"
#include "db/row_sink.h"
#include "util/status.h"

typedef struct tds_dblib_dbprocess DBPROCESS;

namespace gw::db {

// What the handlers deliver for one DBPROCESS (or for a login in progress on this thread).
class HandlerTarget {
 public:
  virtual ~HandlerTarget() = default;
  virtual void on_server_message(const ServerMessage& message) = 0;
  // A client-side db-lib error (dberr: SYB* number). Returns INT_* as db-lib expects.
  virtual int on_library_error(int dberr, const std::string& text) = 0;
  // Polled by db-lib about once a second while it waits for the server, and at once after
  // interrupt_wait().
  virtual bool should_interrupt() = 0;
};

// dbinit and the handlers; safe to call from many threads, runs once.
Status ensure_freetds_initialized();

// Removes this process's directory under $TMPDIR (runtime_directory.h). Registered with atexit by
// ensure_freetds_initialized; a path that ends the process with _Exit calls it first. No dbopen
// may follow.
void remove_freetds_runtime_files();

// Makes thread, if it is blocked in db-lib waiting for the server, ask its interrupt check at once
// rather than at db-lib's next one-second poll. db-lib 1.3.17 (src/tds/net.c, tds_select) waits in
// poll(2) slices of one second when an interrupt handler is installed, and on EINTR calls the
// handler straight away; a signal whose handler does nothing (SIGURG, ignored by default, so a
// stray one harms nobody) provides the EINTR. SA_RESTART restarts the other calls a signal may land
// in (read, write, futex); poll(2) is never restarted (signal(7)). A signal sent just before the
// thread enters poll(2) is lost, and the check then runs at the next slice: the old bound, in a
// rare race. REQUIRES: ensure_freetds_initialized() succeeded; thread is alive.
void interrupt_wait(pthread_t thread);

// Registers the login-independent settings of a connector and returns the server name to pass to
// dbopen. REQUIRES: ensure_freetds_initialized() succeeded.
Result<std::string> register_server_section(const std::string& name_hint,
                                            const ConnectionSettings& settings);

// The freetds.conf text for one section (pure; unit-tested).
std::string server_section_text(const std::string& section, const ConnectionSettings& settings);

// Routes callbacks of dbproc to target (nullptr to detach) and installs the interrupt callbacks.
void attach_handler_target(DBPROCESS* dbproc, HandlerTarget* target);

// Routes callbacks that arrive while dbopen runs on this thread (the DBPROCESS does not exist yet).
class ScopedLoginTarget {
 public:
  explicit ScopedLoginTarget(HandlerTarget* target);
  ~ScopedLoginTarget();
  ScopedLoginTarget(const ScopedLoginTarget&) = delete;
  ScopedLoginTarget& operator=(const ScopedLoginTarget&) = delete;

 private:
  HandlerTarget* previous_;
};

}  // namespace gw::db
