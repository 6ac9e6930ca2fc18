#include "http/connection_threads.h"

#include <pthread.h>

#include <chrono>
#include <memory>

#include "util/log.h"

namespace gw::http {
namespace {

struct Job {
  std::function<void()> task;
  std::shared_ptr<ConnectionThreads::Counter> counter;
};

}  // namespace

ConnectionThreads::ConnectionThreads(size_t max_connections, size_t stack_bytes,
                                     std::shared_ptr<Counter> counter,
                                     std::chrono::seconds shutdown_wait)
    : max_connections_(max_connections),
      stack_bytes_(stack_bytes),
      counter_(std::move(counter)),
      shutdown_wait_(shutdown_wait) {}

ConnectionThreads::~ConnectionThreads() { shutdown(); }

void ConnectionThreads::enqueue(std::function<void()> task) {
  {
    std::unique_lock<std::mutex> lock(counter_->mutex);
    counter_->changed.wait(lock, [&] { return counter_->active < max_connections_; });
    ++counter_->active;
  }
  auto job = std::make_unique<Job>(Job{std::move(task), counter_});
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack_bytes_);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  const int rc = pthread_create(&thread, &attr, &ConnectionThreads::run, job.get());
  pthread_attr_destroy(&attr);
  if (rc == 0) {
    job.release();
    return;
  }
  // No thread to be had: serve this connection on the accept thread rather than drop it.
  log::warning("could not start a connection thread; serving inline", {{"errno", rc}});
  job->task();
  counter_->finished();
}

void* ConnectionThreads::run(void* arg) {
  std::unique_ptr<Job> job(static_cast<Job*>(arg));
  job->task();
  job->counter->finished();
  return nullptr;
}

void ConnectionThreads::Counter::finished() {
  std::lock_guard<std::mutex> lock(mutex);
  --active;
  changed.notify_all();
}

size_t ConnectionThreads::Counter::value() {
  std::lock_guard<std::mutex> lock(mutex);
  return active;
}

void ConnectionThreads::shutdown() {
  // httplib calls shutdown() and then the destructor does: wait (and warn) once. The bound: a stuck
  // connection must not keep the process from exiting.
  if (shut_down_.exchange(true)) return;
  std::unique_lock<std::mutex> lock(counter_->mutex);
  if (!counter_->changed.wait_for(lock, shutdown_wait_, [&] { return counter_->active == 0; })) {
    log::warning("connections still open at shutdown", {{"connections", counter_->active}});
  }
}

size_t ConnectionThreads::active() const { return counter_->value(); }

}  // namespace gw::http
