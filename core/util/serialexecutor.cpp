#include "util/serialexecutor.h"

#include <QThreadPool>

namespace Ferry {

SerialExecutor::SerialExecutor(QThreadPool *pool)
    : m_pool(pool)
{
    Q_ASSERT(m_pool);
}

SerialExecutor::~SerialExecutor()
{
    clear();
    waitForIdle();
}

void SerialExecutor::post(std::function<void()> job)
{
    std::unique_lock locker(m_mutex);
    m_jobs.push_back(std::move(job));
    if (m_running)
        return;  // the running drain() picks it up
    m_running = true;
    locker.unlock();
    m_pool->start([this] { drain(); });
}

void SerialExecutor::clear()
{
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard locker(m_mutex);
        dropped.swap(m_jobs);
    }
    // `dropped` dies here, outside the lock: a job's captures may be heavy or own other executors.
}

void SerialExecutor::waitForIdle()
{
    std::unique_lock locker(m_mutex);
    m_idle.wait(locker, [this] { return !m_running; });
}

// Runs one job per pool slot and then queues itself again behind whatever else waits for the pool, so
// executors sharing a small pool take turns instead of one long stream starving the rest.
void SerialExecutor::drain()
{
    std::function<void()> job;
    {
        std::lock_guard locker(m_mutex);
        if (m_jobs.empty()) {
            // Cleared after we were scheduled. Touch nothing of `this` after the unlock: the
            // destructor may be waiting for exactly this moment.
            m_running = false;
            m_idle.notify_all();
            return;
        }
        job = std::move(m_jobs.front());
        m_jobs.pop_front();
    }

    job();
    job = nullptr;  // release captures before the executor can be seen as idle

    std::unique_lock locker(m_mutex);
    if (m_jobs.empty()) {
        m_running = false;
        m_idle.notify_all();
        return;
    }
    locker.unlock();
    m_pool->start([this] { drain(); });
}

} // namespace Ferry
