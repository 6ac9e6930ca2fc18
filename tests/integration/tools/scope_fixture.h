#pragma once
// One scope as the gateway wires it (FreeTDS connector -> Pool -> make_tools), on a DevServer:
// one pool for DemoDB and one for each of settings.other_databases.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/pool.h"
#include "devserver_process.h"
#include "mcp/tool.h"
#include "tools/make_tools.h"

namespace gw::testing {

tools::ToolSettings test_settings(const std::string& name, bool read_only);

// Wraps each real connection the scope's pool opens (a db::ConnectionWrapper that injects one
// fault).
using ConnectionWrap =
    std::function<std::unique_ptr<db::Connection>(std::unique_ptr<db::Connection>)>;

class TestScope {
 public:
  TestScope(const DevServer& server, tools::ToolSettings settings, db::PoolOptions pool = {4, 2000},
            int login_timeout_s = 3, ConnectionWrap wrap = nullptr);
  ~TestScope();

  db::Pool& pool() { return *pool_; }
  // The pool of settings.other_databases[i].
  db::Pool& extra_pool(std::size_t i) { return *extra_pools_.at(i); }
  const tools::ToolSettings& settings() const { return settings_; }
  const std::string& audit_path() const { return audit_path_; }
  mcp::Tool& tool(const std::string& name);
  mcp::ToolOutcome call(const std::string& name, const nlohmann::json& arguments);
  mcp::ToolOutcome call(const std::string& name, const nlohmann::json& arguments,
                        mcp::ToolCallContext& context);
  // The text of the first content block (a tool error's message).
  static std::string text(const mcp::ToolOutcome& outcome);
  // Runs SQL straight on the pool (fixtures): REQUIRES success.
  void exec(const std::string& sql);

 private:
  tools::ToolSettings settings_;
  std::string audit_path_;
  std::unique_ptr<db::Pool> pool_;
  std::vector<std::unique_ptr<db::Pool>> extra_pools_;
  std::unique_ptr<tools::AuditLog> audit_;
  mcp::ToolList tools_;
};

}  // namespace gw::testing
