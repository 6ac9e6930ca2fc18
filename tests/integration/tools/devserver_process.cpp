#include "devserver_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace gw::testing {

std::string devserver_binary() {
  if (const char* path = std::getenv("TDS_DEVSERVER")) return path;
  return "build/tools/tds-devserver/tds-devserver";
}

long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

DevServer::DevServer(std::vector<std::string> extra) : extra_(std::move(extra)) {
  char pattern[] = "/tmp/gw-tools-devserver-XXXXXX";
  if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  launch(0);
}

DevServer::~DevServer() {
  if (pid_ > 0) ::kill(pid_, SIGCONT);
  kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void DevServer::launch(int port) {
  const std::string port_file = dir_ + "/port";
  std::filesystem::remove(port_file);
  std::vector<std::string> args = {devserver_binary(),
                                   "--listen", "127.0.0.1:" + std::to_string(port),
                                   "--db", dir_ + "/db.sqlite",
                                   "--login", user_ + ":" + password_,
                                   "--port-file", port_file};
  for (std::string arg : extra_) {
    for (std::size_t at = arg.find("@DIR@"); at != std::string::npos; at = arg.find("@DIR@"))
      arg.replace(at, 5, dir_);
    args.push_back(std::move(arg));
  }
  pid_ = fork();
  if (pid_ == 0) {
    const int log = open((dir_ + "/log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(log, 1);
    dup2(log, 2);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Bounded wait for the port file (a big --big-rows table takes a while to build the first time).
  for (int i = 0; i < 1200; ++i) {
    std::ifstream in(port_file);
    int p = 0;
    if (in >> p && p > 0) {
      port_ = p;
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  pid_ = -1;
  throw std::runtime_error("tds-devserver did not start; see " + dir_ + "/log");
}

void DevServer::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void DevServer::restart() {
  kill();
  launch(port_);
}

std::string DevServer::log_text() const {
  std::ifstream in(dir_ + "/log");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void DevServer::pause() { ::kill(pid_, SIGSTOP); }
void DevServer::resume() { ::kill(pid_, SIGCONT); }

}  // namespace gw::testing
