#include "http/connection_threads.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdint>
#include <deque>
#include <memory>

#include "util/log.h"

namespace gw::http {
namespace {

// The lowest usable address of this connection thread's stack; 0 on other threads.
thread_local std::uintptr_t t_stack_low = 0;

// What a parked thread is called (prctl(2) PR_SET_NAME: /proc/<pid>/task/<tid>/comm, top -H), so
// an operator or a test counting threads tells parked ones from working ones.
constexpr char kParkedName[] = "gw-parked";

// One parked thread: lives on that thread's stack while it is in ConnectionThreads::Lot::parked.
struct Parked {
  std::condition_variable wake;
  std::function<void()> task;  // handed over by enqueue
  bool leave = false;          // expired, or the queue shut down
  std::int64_t parked_at_ms = 0;
};

}  // namespace

struct ConnectionThreads::Lot {
  Lot(std::size_t stack, std::shared_ptr<Counter> connections, ThreadParking options)
      : stack_bytes(stack), counter(std::move(connections)), parking(options) {}

  const std::size_t stack_bytes;
  const std::shared_ptr<Counter> counter;
  const ThreadParking parking;

  mutable std::mutex mutex;
  // Oldest first. A connection takes the newest (its stack pages and caches are warm); expiry
  // takes from the front.
  std::deque<Parked*> parked;
  bool closed = false;
  std::size_t threads = 0;
  std::size_t started = 0;

  // Marks the parked threads that are due as leaving. REQUIRES: mutex held.
  void expire_locked() {
    const std::int64_t now = parking.clock->monotonic_ms();
    while (!parked.empty() && now - parked.front()->parked_at_ms >= parking.idle_expiry.count()) {
      release_locked(parked.front());
      parked.pop_front();
    }
  }
  // Notified under the lock: once it is released the thread may leave and its Parked is gone.
  static void release_locked(Parked* p) {
    p->leave = true;
    p->wake.notify_one();
  }

  // Called by a thread whose connection ended; returns its next connection, or nothing when the
  // thread should end. The thread is parked before the connection counts as ended, so an accept
  // thread waiting at max_connections finds it parked rather than starting another.
  std::function<void()> park(Parked& self, const char* working_name) {
    std::unique_lock<std::mutex> lock(mutex);
    if (closed || parked.size() >= parking.max_idle) {
      --threads;
      lock.unlock();
      counter->finished();
      return {};
    }
    prctl(PR_SET_NAME, kParkedName);
    self.leave = false;
    self.parked_at_ms = parking.clock->monotonic_ms();
    parked.push_back(&self);
    lock.unlock();
    counter->finished();
    lock.lock();
    for (;;) {
      self.wake.wait_for(lock, parking.idle_expiry, [&] { return self.task || self.leave; });
      if (self.task) {
        prctl(PR_SET_NAME, working_name);
        return std::move(self.task);
      }
      if (self.leave) {
        --threads;
        return {};
      }
      expire_locked();  // the wait ran out: this thread is due unless the clock says otherwise
    }
  }
};

namespace {

struct Start {
  std::shared_ptr<ConnectionThreads::Lot> lot;
  std::function<void()> task;
};

void* run_thread(void* arg) {
  std::shared_ptr<ConnectionThreads::Lot> lot;
  std::function<void()> task;
  {
    std::unique_ptr<Start> start(static_cast<Start*>(arg));
    lot = std::move(start->lot);
    task = std::move(start->task);
  }
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* low = nullptr;
    std::size_t size = 0;
    if (pthread_attr_getstack(&attr, &low, &size) == 0)
      t_stack_low = reinterpret_cast<std::uintptr_t>(low);
    pthread_attr_destroy(&attr);
  }
  char name[16] = {};  // PR_GET_NAME's size (prctl(2))
  prctl(PR_GET_NAME, name);
  Parked self;
  while (task) {
    task();
    task = nullptr;  // the connection's captures go before the thread parks
    task = lot->park(self, name);
  }
  return nullptr;
}

}  // namespace

ConnectionThreads::ConnectionThreads(std::size_t max_connections, std::size_t stack_bytes,
                                     std::shared_ptr<Counter> counter,
                                     std::chrono::seconds shutdown_wait, ThreadParking parking)
    : max_connections_(max_connections),
      shutdown_wait_(shutdown_wait),
      lot_(std::make_shared<Lot>(stack_bytes, std::move(counter), parking)) {}

ConnectionThreads::~ConnectionThreads() { shutdown(); }

void ConnectionThreads::enqueue(std::function<void()> task) {
  Counter& counter = *lot_->counter;
  {
    std::unique_lock<std::mutex> lock(counter.mutex);
    counter.changed.wait(lock, [&] { return counter.active < max_connections_; });
    ++counter.active;
  }
  {
    std::lock_guard<std::mutex> lock(lot_->mutex);
    lot_->expire_locked();
    if (!lot_->parked.empty()) {
      Parked* p = lot_->parked.back();
      lot_->parked.pop_back();
      p->task = std::move(task);
      p->wake.notify_one();
      return;
    }
    ++lot_->threads;
    ++lot_->started;
  }
  auto start = std::make_unique<Start>(Start{lot_, std::move(task)});
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, lot_->stack_bytes);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  const int rc = pthread_create(&thread, &attr, &run_thread, start.get());
  pthread_attr_destroy(&attr);
  if (rc == 0) {
    start.release();
    return;
  }
  {
    std::lock_guard<std::mutex> lock(lot_->mutex);
    --lot_->threads;
    --lot_->started;
  }
  // No thread to be had: serve this connection on the accept thread rather than drop it.
  log::warning("could not start a connection thread; serving inline", {{"errno", rc}});
  start->task();
  counter.finished();
}

void ConnectionThreads::Counter::finished() {
  std::lock_guard<std::mutex> lock(mutex);
  --active;
  changed.notify_all();
}

std::size_t ConnectionThreads::Counter::value() {
  std::lock_guard<std::mutex> lock(mutex);
  return active;
}

void ConnectionThreads::shutdown() {
  // httplib calls shutdown() and then the destructor does: wait (and warn) once. The bound: a stuck
  // connection must not keep the process from exiting.
  if (shut_down_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(lot_->mutex);
    lot_->closed = true;
    for (Parked* p : lot_->parked) Lot::release_locked(p);
    lot_->parked.clear();
  }
  Counter& counter = *lot_->counter;
  std::unique_lock<std::mutex> lock(counter.mutex);
  if (!counter.changed.wait_for(lock, shutdown_wait_, [&] { return counter.active == 0; })) {
    log::warning("connections still open at shutdown", {{"connections", counter.active}});
  }
}

void release_unused_stack() {
  if (t_stack_low == 0) return;
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  // Two pages below this frame stay: madvise's own call and the wait the caller enters next (and
  // the 128-byte red zone of the System V x86-64 ABI) live there.
  const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  const std::uintptr_t begin = (t_stack_low + page - 1) & ~(page - 1);
  if (here < begin + 3 * page) return;
  const std::uintptr_t end = (here - 2 * page) & ~(page - 1);
  // MADV_DONTNEED on private anonymous memory: the next touch maps a zero page (madvise(2)).
  madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
}

std::size_t ConnectionThreads::active() const { return lot_->counter->value(); }

std::size_t ConnectionThreads::idle() const {
  std::lock_guard<std::mutex> lock(lot_->mutex);
  return lot_->parked.size();
}

std::size_t ConnectionThreads::threads() const {
  std::lock_guard<std::mutex> lock(lot_->mutex);
  return lot_->threads;
}

std::size_t ConnectionThreads::started() const {
  std::lock_guard<std::mutex> lock(lot_->mutex);
  return lot_->started;
}

void ConnectionThreads::expire_idle() {
  std::lock_guard<std::mutex> lock(lot_->mutex);
  lot_->expire_locked();
}

}  // namespace gw::http
