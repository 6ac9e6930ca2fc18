#include "scope_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <stdexcept>

#include "db/freetds_connection.h"
#include "db/result_collector.h"

namespace gw::testing {

tools::ToolSettings test_settings(const std::string& name, bool read_only) {
  tools::ToolSettings s;
  s.scope_name = name;
  s.read_only = read_only;
  s.max_rows = 1000;
  s.max_result_bytes = 4'000'000;
  s.sample_default_rows = 10;
  s.sample_max_rows = 100;
  s.query_timeout_ms = 10'000;
  return s;
}

namespace {

class WrappingConnector final : public db::Connector {
 public:
  WrappingConnector(std::unique_ptr<db::Connector> real, ConnectionWrap wrap)
      : real_(std::move(real)), wrap_(std::move(wrap)) {}
  Result<std::unique_ptr<db::Connection>> connect() override {
    Result<std::unique_ptr<db::Connection>> c = real_->connect();
    if (!c) return c.status();
    return wrap_(std::move(*c));
  }

 private:
  std::unique_ptr<db::Connector> real_;
  ConnectionWrap wrap_;
};

}  // namespace

TestScope::TestScope(const DevServer& server, tools::ToolSettings settings, db::PoolOptions pool,
                     int login_timeout_s, ConnectionWrap wrap)
    : settings_(std::move(settings)) {
  static std::atomic<int> counter{0};
  audit_path_ = "/tmp/gw-tools-audit-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".jsonl";
  std::remove(audit_path_.c_str());
  db::ConnectionSettings c;
  c.host = "127.0.0.1";
  c.port = server.port();
  c.database = "DemoDB";
  c.user = server.user();
  c.password = Secret(server.password());
  c.login_timeout_s = login_timeout_s;
  auto connector = db::FreeTdsConnector::create(settings_.scope_name, c);
  if (!connector) throw std::runtime_error(connector.status().to_string());
  std::unique_ptr<db::Connector> connector_used = std::move(*connector);
  if (wrap)
    connector_used =
        std::make_unique<WrappingConnector>(std::move(connector_used), std::move(wrap));
  pool_ = std::make_unique<db::Pool>(settings_.scope_name, std::move(connector_used), pool);
  if (settings_.database.empty()) settings_.database = c.database;
  tools::ScopeDatabases databases = {{c.database, pool_.get()}};
  for (const std::string& name : settings_.other_databases) {
    db::ConnectionSettings other = c;
    other.database = name;
    auto extra = db::FreeTdsConnector::create(settings_.scope_name, other);
    if (!extra) throw std::runtime_error(extra.status().to_string());
    extra_pools_.push_back(
        std::make_unique<db::Pool>(settings_.scope_name + "/" + name, std::move(*extra), pool));
    databases.push_back({name, extra_pools_.back().get()});
  }
  auto audit = tools::AuditLog::open(audit_path_);
  if (!audit) throw std::runtime_error(audit.status().to_string());
  audit_ = std::move(*audit);
  tools_ = tools::make_tools(databases, settings_, *audit_);
}

TestScope::~TestScope() { std::remove(audit_path_.c_str()); }

mcp::Tool& TestScope::tool(const std::string& name) {
  for (auto& t : tools_) {
    if (t->descriptor()["name"] == name) return *t;
  }
  throw std::runtime_error("no tool " + name);
}

mcp::ToolOutcome TestScope::call(const std::string& name, const nlohmann::json& arguments) {
  mcp::ToolCallContext context;
  context.scope_name = settings_.scope_name;
  context.client_id = "test-client";
  context.user = "tester";
  return call(name, arguments, context);
}

mcp::ToolOutcome TestScope::call(const std::string& name, const nlohmann::json& arguments,
                                 mcp::ToolCallContext& context) {
  return tool(name).call(arguments, context);
}

std::string TestScope::text(const mcp::ToolOutcome& outcome) {
  if (outcome.content.empty()) return "";
  return outcome.content[0].value("text", "");
}

void TestScope::exec(const std::string& sql) {
  db::ResultCollector ignored({1000, 1'000'000});
  const Status status = pool_->execute(sql, {}, ignored);
  if (!status.is_ok()) throw std::runtime_error(sql + ": " + status.to_string());
}

}  // namespace gw::testing
