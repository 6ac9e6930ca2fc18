#include "app/reloader.h"

#include <chrono>
#include <ctime>

#include "config/loader.h"
#include "config/reload_plan.h"
#include "mcp/scope_endpoint.h"
#include "metrics/registry.h"
#include "oauth/authorization_server.h"
#include "util/log.h"

namespace gw::app {
namespace {

using config::ScopeChange;

ScopePtr find_scope(const ScopeSet* set, const std::string& name) {
  if (set == nullptr) return nullptr;
  for (const auto& s : set->scopes()) {
    if (s->name() == name) return s;
  }
  return nullptr;
}

ScopeChange change_of(const config::ReloadPlan* plan, const std::string& name) {
  if (plan == nullptr) return ScopeChange::kAdded;
  for (const auto& p : plan->scopes) {
    if (p.name == name) return p.change;
  }
  return ScopeChange::kAdded;
}

// Development switches and unattended sign-in weaken security: say so loudly whenever such a scope
// starts.
void warn_if_weakened(const config::ScopeConfig& s) {
  if (s.development.allow_unauthenticated_methods ||
      s.development.allow_unauthenticated_tools_call) {
    log::warning(
        "SCOPE SERVES WITHOUT AUTHENTICATION (development flags on)",
        {{"scope", s.name},
         {"allow_unauthenticated_methods", s.development.allow_unauthenticated_methods},
         {"allow_unauthenticated_tools_call", s.development.allow_unauthenticated_tools_call}});
  }
  if (s.oauth.sign_in == config::SignIn::kAuto) {
    log::warning("SCOPE APPROVES EVERY AUTHORIZATION WITHOUT A SIGN-IN (oauth.sign_in: auto)",
                 {{"scope", s.name}});
  }
}

// The scopes of `config`: unchanged ones taken from `previous`, the others built (and their OAuth
// store opened, so a damaged store refuses the start or the reload instead of surprising the first
// sign-in).
Result<std::shared_ptr<const ScopeSet>> build_scope_set(
    const config::ConfigPtr& config, const std::string& base_url, tools::AuditLog& audit,
    const ScopeSet* previous, const config::ReloadPlan* plan, const util::StopFlag& stopping) {
  std::vector<ScopePtr> scopes;
  for (const auto& s : config->scopes) {
    const ScopePtr before = find_scope(previous, s.name);
    if (before && change_of(plan, s.name) == ScopeChange::kUnchanged) {
      scopes.push_back(before);
      continue;
    }
    auto built = Scope::create(config, s, base_url, audit, before.get(), stopping);
    if (!built.is_ok())
      return Status(built.status().code(), "scope " + s.name + ": " + built.status().message());
    if (const Status& st = (*built)->oauth().status(); !st.is_ok()) {
      return Status(st.code(), "scope " + s.name + ": " + st.message());
    }
    warn_if_weakened(s);
    scopes.push_back(std::move(*built));
  }
  return std::shared_ptr<const ScopeSet>(
      std::make_shared<ScopeSet>(config, std::move(scopes), base_url));
}

void record_outcome(bool ok) {
  auto& registry = metrics::registry();
  registry
      .counter("mcp_gateway_config_reloads_total",
               "Reloads of tenants.yaml by result (ok, failed).",
               {{"result", ok ? "ok" : "failed"}})
      .inc();
  registry
      .gauge("mcp_gateway_config_last_reload_success",
             "1 when the last reload applied, 0 when it was refused.")
      .set(ok ? 1 : 0);
  registry
      .gauge("mcp_gateway_config_last_reload_timestamp_seconds",
             "Unix time of the last reload attempt.")
      .set(static_cast<std::int64_t>(std::time(nullptr)));
}

}  // namespace

void CurrentScopes::set(std::shared_ptr<const ScopeSet> scopes) {
  std::shared_ptr<const ScopeSet> replaced;
  std::lock_guard<std::mutex> lock(mutex_);
  replaced = std::move(scopes_);  // released after the lock: the last owner may close a pool
  scopes_ = std::move(scopes);
}

std::shared_ptr<const ScopeSet> CurrentScopes::get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return scopes_;
}

Reloader::Reloader(std::string config_path, std::string bound_base_url, tools::AuditLog& audit,
                   CurrentScopes& current, util::StopFlag stopping)
    : config_path_(std::move(config_path)),
      bound_base_url_(std::move(bound_base_url)),
      audit_(audit),
      current_(current),
      stopping_(std::move(stopping)) {}

std::string Reloader::public_base_url(const config::Config& config) const {
  return config.server.public_base_url.empty() ? bound_base_url_ : config.server.public_base_url;
}

Status Reloader::start(const config::ConfigPtr& config) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto built =
      build_scope_set(config, public_base_url(*config), audit_, nullptr, nullptr, stopping_);
  if (!built.is_ok()) return built.status();
  current_.set(*built);
  return Status::ok();
}

Result<nlohmann::json> Reloader::reload(const std::string& trigger) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto started = std::chrono::steady_clock::now();
  const std::shared_ptr<const ScopeSet> previous = current_.get();
  auto refuse = [&](const Status& status) -> Result<nlohmann::json> {
    record_outcome(false);
    log::error("reload refused; the running configuration stays",
               {{"trigger", trigger}, {"config", config_path_}, {"error", status.message()}});
    return status;
  };
  auto loaded = config::load_file(config_path_);
  if (!loaded.is_ok()) return refuse(loaded.status());
  const config::ReloadPlan plan = config::plan_reload(previous->config(), **loaded);
  const config::ConfigPtr effective = std::make_shared<const config::Config>(
      config::effective_config(previous->config(), **loaded));
  auto built = build_scope_set(effective, public_base_url(*effective), audit_, previous.get(),
                               &plan, stopping_);
  if (!built.is_ok()) return refuse(built.status());
  current_.set(*built);
  for (const ScopePtr& scope : (*built)->scopes()) scope->mcp()->announce_tool_list();
  for (const auto& p : plan.scopes) {
    if (p.change != ScopeChange::kRemoved) continue;
    if (const ScopePtr gone = find_scope(previous.get(), p.name)) gone->mcp()->retire();
  }
  log::Level level = log::Level::kInfo;
  if (log::parse_level(effective->server.log_level, &level)) log::set_level(level);
  record_outcome(true);

  nlohmann::json scopes = nlohmann::json::object();
  for (const auto& p : plan.scopes) scopes[p.name] = config::change_name(p.change);
  const double elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json summary = {{"result", "ok"},
                            {"scopes", scopes},
                            {"restart_needed", plan.restart_needed},
                            {"duration_ms", elapsed_ms}};
  log::info("configuration reloaded", {{"trigger", trigger},
                                       {"config", config_path_},
                                       {"scopes", scopes},
                                       {"duration_ms", elapsed_ms}});
  if (!plan.restart_needed.empty()) {
    log::warning("reload kept the running values of keys that need a restart",
                 {{"keys", plan.restart_needed}});
  }
  return summary;
}

}  // namespace gw::app
