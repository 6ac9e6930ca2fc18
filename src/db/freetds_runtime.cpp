#include "db/freetds_runtime.h"

#include <signal.h>
#include <sybdb.h>
#include <sybfront.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "db/runtime_directory.h"

namespace gw::db {
namespace {

thread_local HandlerTarget* t_login_target = nullptr;

HandlerTarget* target_of(DBPROCESS* dbproc) {
  if (dbproc != nullptr) {
    if (auto* target = reinterpret_cast<HandlerTarget*>(dbgetuserdata(dbproc))) return target;
  }
  return t_login_target;
}

int error_handler(DBPROCESS* dbproc, int /*severity*/, int dberr, int oserr, char* dberrstr,
                  char* oserrstr) {
  std::string text = dberrstr != nullptr ? dberrstr : "db-lib error";
  if (oserr != DBNOERR && oserrstr != nullptr && *oserrstr != '\0')
    text += fmt::format(" ({})", oserrstr);
  if (HandlerTarget* target = target_of(dbproc)) return target->on_library_error(dberr, text);
  // Nobody to tell: never INT_EXIT (db-lib would exit the process).
  return dberr == SYBETIME ? INT_TIMEOUT : INT_CANCEL;
}

int message_handler(DBPROCESS* dbproc, DBINT number, int state, int severity, char* text,
                    char* /*server*/, char* procedure, int line) {
  HandlerTarget* target = target_of(dbproc);
  if (target == nullptr) return 0;
  ServerMessage message;
  message.number = number;
  message.state = state;
  message.severity = severity;
  message.line = line;
  message.procedure = procedure != nullptr ? procedure : "";
  message.text = text != nullptr ? text : "";
  target->on_server_message(message);
  return 0;
}

int check_interrupt(void* dbproc) {
  HandlerTarget* target = target_of(static_cast<DBPROCESS*>(dbproc));
  return target != nullptr && target->should_interrupt() ? TRUE : FALSE;
}

// INT_CANCEL makes db-lib stop waiting and raise SYBETIME, whose handler answers INT_TIMEOUT:
// db-lib then sends an attention (MS-TDS 2.2.1.7) and keeps the DBPROCESS usable.
int handle_interrupt(void* /*dbproc*/) { return INT_CANCEL; }

struct ConfFile {
  std::mutex mutex;
  std::filesystem::path directory;  // empty until initialised
  std::filesystem::path path;
  std::map<std::string, std::string> sections;
  // Section text without its name -> its name: connectors with the same settings share one section,
  // so rebuilding pools (every reload that changes a scope) adds nothing to the file.
  std::map<std::string, std::string> by_settings;
  int next_id = 1;
};

ConfFile& conf_file() {
  static ConfFile file;
  return file;
}

constexpr int kWakeSignal = SIGURG;

void on_wake_signal(int) {}

Status init_once() {
  if (dbinit() == FAIL) return internal_error("db-lib initialisation (dbinit) failed");
  struct sigaction action {};
  action.sa_handler = on_wake_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  if (sigaction(kWakeSignal, &action, nullptr) != 0)
    return internal_error("cannot install the query wake-up signal handler");
  dberrhandle(error_handler);
  dbmsghandle(message_handler);
  ConfFile& file = conf_file();
  std::error_code ec;
  const std::filesystem::path temp_dir = std::filesystem::temp_directory_path(ec);
  remove_stale_runtime_directories(temp_dir, getpid(), process_exists);
  file.directory = runtime_directory(temp_dir, getpid());
  std::filesystem::create_directories(file.directory, ec);
  if (ec) {
    return internal_error(
        fmt::format("cannot create {}: {}", file.directory.string(), ec.message()));
  }
  std::atexit(remove_freetds_runtime_files);
  file.path = file.directory / "freetds.conf";
  std::ofstream(file.path) << "[global]\n\tclient charset = UTF-8\n";
  // Read by db-lib on every dbopen; set once, at the first pool's construction.
  setenv("FREETDSCONF", file.path.c_str(), 1);
  return Status::ok();
}

std::string section_name(const std::string& hint, int id) {
  std::string name = "gw_";
  for (char c : hint) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    const bool upper = c >= 'A' && c <= 'Z';
    name += keep ? c : upper ? static_cast<char>(c - 'A' + 'a') : '_';
  }
  return fmt::format("{}_{}", name, id);
}

}  // namespace

Status ensure_freetds_initialized() {
  static std::once_flag once;
  static Status result;
  std::call_once(once, [] { result = init_once(); });
  return result;
}

std::string server_section_text(const std::string& section, const ConnectionSettings& s) {
  const char* encryption = s.encryption == Encryption::kRequire   ? "require"
                           : s.encryption == Encryption::kRequest ? "request"
                                                                  : "off";
  std::string text = fmt::format(
      "[{}]\n\thost = {}\n\tport = {}\n\ttds version = {}\n\tclient charset = UTF-8\n"
      "\tconnect timeout = {}\n\ttext size = 16777216\n\tencryption = {}\n",
      section, s.host, s.port, s.tds_version, s.login_timeout_s, encryption);
  if (s.encryption != Encryption::kOff && !s.trust_server_certificate) {
    text += "\tca file = system\n\tcheck certificate hostname = yes\n";
  }
  return text;
}

Result<std::string> register_server_section(const std::string& name_hint,
                                            const ConnectionSettings& settings) {
  ConfFile& file = conf_file();
  std::lock_guard<std::mutex> lock(file.mutex);
  const std::string settings_key = server_section_text("", settings);
  if (auto it = file.by_settings.find(settings_key); it != file.by_settings.end())
    return it->second;
  const std::string name = section_name(name_hint, file.next_id++);
  file.sections[name] = server_section_text(name, settings);
  // Written aside and renamed, so a concurrent dbopen never reads half a file.
  const std::filesystem::path temp = file.path.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << "[global]\n\tclient charset = UTF-8\n";
    for (const auto& [_, text] : file.sections) out << text;
    if (!out) return internal_error(fmt::format("cannot write {}", temp.string()));
  }
  std::error_code ec;
  std::filesystem::rename(temp, file.path, ec);
  if (ec)
    return internal_error(fmt::format("cannot write {}: {}", file.path.string(), ec.message()));
  file.by_settings[settings_key] = name;
  return name;
}

void remove_freetds_runtime_files() {
  ConfFile& file = conf_file();
  std::lock_guard<std::mutex> lock(file.mutex);
  if (file.directory.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(file.directory, ignored);
  file.directory.clear();
}

void interrupt_wait(pthread_t thread) { pthread_kill(thread, kWakeSignal); }

void attach_handler_target(DBPROCESS* dbproc, HandlerTarget* target) {
  dbsetuserdata(dbproc, reinterpret_cast<BYTE*>(target));
  if (target != nullptr) {
    dbsetinterrupt(dbproc, check_interrupt, handle_interrupt);
  } else {
    dbsetinterrupt(dbproc, nullptr, nullptr);
  }
}

ScopedLoginTarget::ScopedLoginTarget(HandlerTarget* target) : previous_(t_login_target) {
  t_login_target = target;
}
ScopedLoginTarget::~ScopedLoginTarget() { t_login_target = previous_; }

}  // namespace gw::db
