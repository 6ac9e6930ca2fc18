#include "metrics/registry.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace gw::metrics {
namespace {

std::string escape_label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string format_value(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// Adds le="bound" to rendered labels "{a="1"}" -> "{a="1",le="0.5"}".
std::string with_le(const std::string& labels, const std::string& le) {
  if (labels.empty()) return "{le=\"" + le + "\"}";
  return labels.substr(0, labels.size() - 1) + ",le=\"" + le + "\"}";
}

}  // namespace

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    out += fmt::format("{}{}=\"{}\"", i ? "," : "", labels[i].first,
                       escape_label_value(labels[i].second));
  }
  return out + "}";
}

std::vector<double> latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::observe(double value) {
  const size_t bucket = static_cast<size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  double sum = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) {
  }
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  std::uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

Registry::Family& Registry::family(const std::string& name, const std::string& help, Type type) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.help = help;
    it->second.type = type;
  }
  return it->second;
}

Counter& Registry::counter(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = family(name, help, Type::kCounter).counters[render_labels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = family(name, help, Type::kGauge).gauges[render_labels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(const std::string& name, const std::string& help,
                               const Labels& labels, std::vector<double> bounds) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& slot = family(name, help, Type::kHistogram).histograms[render_labels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
  return *slot;
}

void Registry::add_collector(const std::string& name, const std::string& help,
                             const std::string& owner,
                             std::function<std::vector<Sample>()> collect) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& c : collectors_) {
    if (c.name == name && c.owner == owner) {
      c.collect = std::move(collect);
      return;
    }
  }
  collectors_.push_back({name, help, owner, std::move(collect)});
}

void Registry::remove_collectors(const std::string& owner) {
  std::lock_guard<std::mutex> lock(mutex_);
  collectors_.erase(std::remove_if(collectors_.begin(), collectors_.end(),
                                   [&](const Collector& c) { return c.owner == owner; }),
                    collectors_.end());
}

std::string Registry::render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    const char* type = f.type == Type::kCounter ? "counter"
                       : f.type == Type::kGauge ? "gauge"
                                                : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name, type);
    for (const auto& [labels, c] : f.counters)
      out += fmt::format("{}{} {}\n", name, labels, c->value());
    for (const auto& [labels, g] : f.gauges)
      out += fmt::format("{}{} {}\n", name, labels, g->value());
    for (const auto& [labels, h] : f.histograms) {
      const auto s = h->snapshot();
      for (size_t i = 0; i < s.bounds.size(); ++i) {
        out += fmt::format("{}_bucket{} {}\n", name, with_le(labels, format_value(s.bounds[i])),
                           s.cumulative[i]);
      }
      out += fmt::format("{}_bucket{} {}\n", name, with_le(labels, "+Inf"), s.count);
      out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, labels, format_value(s.sum), name,
                         labels, s.count);
    }
  }
  // Collected gauges: one HELP/TYPE per name, samples from every owner. Two owners reporting the
  // same labels (a scope's draining pool and its new one after a reload) are summed: one series
  // each, as the exposition format requires.
  struct Collected {
    std::string help;
    std::map<std::string, double> values;  // key: rendered labels
  };
  std::map<std::string, Collected> collected;
  for (const auto& c : collectors_) {
    auto& entry = collected[c.name];
    entry.help = c.help;
    for (const auto& sample : c.collect())
      entry.values[render_labels(sample.labels)] += sample.value;
  }
  for (const auto& [name, entry] : collected) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, entry.help, name);
    for (const auto& [labels, value] : entry.values)
      out += fmt::format("{}{} {}\n", name, labels, format_value(value));
  }
  return out;
}

Registry& registry() {
  static Registry instance;
  return instance;
}

}  // namespace gw::metrics
