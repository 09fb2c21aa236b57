#include "util/serialexecutor.h"

#include <QMutexLocker>
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
    QMutexLocker locker(&m_mutex);
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
        QMutexLocker locker(&m_mutex);
        dropped.swap(m_jobs);
    }
    // `dropped` dies here, outside the lock: a job's captures may be heavy or own other executors.
}

void SerialExecutor::waitForIdle()
{
    QMutexLocker locker(&m_mutex);
    while (m_running)
        m_idle.wait(&m_mutex);
}

// Runs one job per pool slot and then queues itself again behind whatever else waits for the pool, so
// executors sharing a small pool take turns instead of one long stream starving the rest.
void SerialExecutor::drain()
{
    std::function<void()> job;
    {
        QMutexLocker locker(&m_mutex);
        if (m_jobs.empty()) {
            // Cleared after we were scheduled. Touch nothing of `this` after the unlock: the
            // destructor may be waiting for exactly this moment.
            m_running = false;
            m_idle.wakeAll();
            return;
        }
        job = std::move(m_jobs.front());
        m_jobs.pop_front();
    }

    job();
    job = nullptr;  // release captures before the executor can be seen as idle

    QMutexLocker locker(&m_mutex);
    if (m_jobs.empty()) {
        m_running = false;
        m_idle.wakeAll();
        return;
    }
    locker.unlock();
    m_pool->start([this] { drain(); });
}

} // namespace Ferry
