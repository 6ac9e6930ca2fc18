#pragma once
// For app/ unit tests: a tenants.yaml in a fresh directory, and a scope entry for it. No database
// is contacted unless a test asks (pools open connections lazily; port 9 answers nothing).

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace gw::app::testing {

class ConfigFile {
 public:
  ConfigFile() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("gw-app-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~ConfigFile() { std::filesystem::remove_all(dir_); }
  ConfigFile(const ConfigFile&) = delete;
  ConfigFile& operator=(const ConfigFile&) = delete;
  std::string path() const { return (dir_ / "tenants.yaml").string(); }
  void write(const std::string& scopes, const std::string& server_extra = "") const {
    std::ofstream(path()) << "server:\n  data_dir: " << (dir_ / "data").string() << "\n"
                          << server_extra << "scopes:\n"
                          << scopes;
  }

 private:
  std::filesystem::path dir_;
};

inline std::string scope_entry(const std::string& name, const std::string& password,
                               const std::string& description = "d") {
  return "  " + name + ":\n    description: " + description +
         "\n    database: {host: 127.0.0.1, port: 9, " +
         "name: Db, user: u, password: " + password + "}\n";
}

}  // namespace gw::app::testing
