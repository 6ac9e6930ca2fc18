#pragma once
// Prometheus metrics (text exposition format 0.0.4) for GET /metrics on the admin listener.
// Like the logger, one registry serves the whole process; per-scope series carry a scope label.
// Thread-safe. Counter/Gauge/Histogram references stay valid for the registry's lifetime, so
// callers look a series up once and keep the reference on their hot path (an atomic add per event).

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gw::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void add(std::int64_t by) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Cumulative buckets by upper bound (seconds for latencies), as Prometheus expects.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]>
      counts_;  // per bucket, not cumulative; last is +Inf
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

// Latency buckets from 1 ms to 5 minutes (Claude's tool timeout).
std::vector<double> latency_buckets();

// Values owned elsewhere (a pool's size), read when /metrics is rendered.
struct Sample {
  Labels labels;
  double value;
};

class Registry {
 public:
  Counter& counter(const std::string& name, const std::string& help, const Labels& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, const Labels& labels = {},
                       std::vector<double> bounds = latency_buckets());

  // A gauge family computed at render time; `owner` names who registered it so it can be removed
  // (a scope that a reload removes). Registering the same name and owner again replaces it.
  void add_collector(const std::string& name, const std::string& help, const std::string& owner,
                     std::function<std::vector<Sample>()> collect);
  void remove_collectors(const std::string& owner);

  std::string render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Family {
    std::string help;
    Type type;
    std::map<std::string, std::unique_ptr<Counter>> counters;  // key: rendered labels
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  struct Collector {
    std::string name;
    std::string help;
    std::string owner;
    std::function<std::vector<Sample>()> collect;
  };
  Family& family(const std::string& name, const std::string& help, Type type);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::vector<Collector> collectors_;
};

// The process's registry.
Registry& registry();

// {a="1",b="x\"y"}: labels in the exposition format, values escaped; "" for none.
std::string render_labels(const Labels& labels);

}  // namespace gw::metrics
