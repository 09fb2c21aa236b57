#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

class QThreadPool;

namespace Ferry {

// Runs jobs one after another, in the order posted, on a QThreadPool. Holds a pool thread only while
// it has work and requeues itself on the pool after each job, so many executors share a small pool
// fairly. Thread-safe post(); the destructor cancels jobs not yet started and waits for the running one,
// so a job never outlives the state it captured. The pool must outlive the executor, and a job must not
// call waitForIdle() or destroy its own executor (it would wait for itself).
class SerialExecutor
{
public:
    explicit SerialExecutor(QThreadPool *pool);
    ~SerialExecutor();
    SerialExecutor(const SerialExecutor &) = delete;
    SerialExecutor &operator=(const SerialExecutor &) = delete;

    void post(std::function<void()> job);
    // Drops the jobs not yet started.
    void clear();
    // Blocks until no job is queued or running. For destructors and tests, never the GUI thread.
    void waitForIdle();

private:
    void drain();

    QThreadPool *m_pool;
    // std:: rather than QMutex/QWaitCondition: ThreadSanitizer sees pthread-based locking, while the
    // unlock and relock inside QWaitCondition::wait happen in Debian's uninstrumented Qt, unseen.
    std::mutex m_mutex;
    std::condition_variable m_idle;
    std::deque<std::function<void()>> m_jobs;
    bool m_running = false;
};

} // namespace Ferry
