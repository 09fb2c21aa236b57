#include "downloadmanager.h"

#include "engine/trace.h"
#include "net/download.h"
#include "net/networkaccesspool.h"
#include "net/tokenbucket.h"

namespace Ferry {

DownloadManager::DownloadManager(QObject *parent)
    : QObject(parent),
      m_workers(this),
      m_disk(this),
      m_network(std::make_unique<NetworkAccessPool>(this)),
      m_globalLimit(std::make_unique<TokenBucket>()),
      m_trace(std::make_unique<Trace>())
{
    qRegisterMetaType<Ferry::DownloadSnapshot>();
    qRegisterMetaType<QList<Ferry::DownloadSnapshot>>();
    qRegisterMetaType<Ferry::DownloadId>("Ferry::DownloadId");
    // Pools of our own, so our work never queues behind someone else's: one sized to the cores for
    // hashing, one for fsync and rename, whose threads mostly wait on the disk. Parallel syncs let
    // the file system commit many small files' journal entries together.
    m_workers.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_workers.setThreadPriority(QThread::LowPriority);
    m_disk.setMaxThreadCount(8);
    // Members are children too, so moveToThread() takes them along.
    m_flushTimer.setParent(this);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &DownloadManager::flush);
}

DownloadManager::~DownloadManager()
{
    m_downloads.clear();  // before the pool and the network managers they use
    m_workers.waitForDone();
    m_disk.waitForDone();
}

void DownloadManager::setOptions(const DownloadOptions &options)
{
    m_options = options;
}

DownloadId DownloadManager::add(const DownloadRequest &request)
{
    const DownloadId id = m_nextId++;
    Download::Services services{ m_network.get(), m_globalLimit.get(), &m_workers, &m_disk,
                                 [this](const QString &host) { return tryAcquireConnection(host); },
                                 [this](const QString &host) { releaseConnection(host); }, m_trace.get() };
    auto download = std::make_unique<Download>(id, request, m_options, std::move(services));
    connect(download.get(), &Download::changed, this, &DownloadManager::markChanged);
    connect(download.get(), &Download::logLine, this, &DownloadManager::logLine);
    connect(download.get(), &Download::finished, this, &DownloadManager::onDownloadFinished);
    m_downloads.emplace(id, std::move(download));
    m_order.append(id);
    m_waiting.insert(id);
    ++m_unfinished;
    markChanged(id);
    // Start on the next turn of the event loop, so a batch of add() calls is scheduled in order.
    QMetaObject::invokeMethod(this, &DownloadManager::schedule, Qt::QueuedConnection);
    return id;
}

Download *DownloadManager::find(DownloadId id) const
{
    const auto it = m_downloads.find(id);
    return it == m_downloads.end() ? nullptr : it->second.get();
}

void DownloadManager::pause(DownloadId id)
{
    Download *d = find(id);
    if (!d || isFinalState(d->state()) || d->state() == DownloadState::Paused)
        return;
    m_waiting.erase(id);
    m_started.erase(id);
    d->pause();
    schedule();
}

void DownloadManager::resume(DownloadId id)
{
    Download *d = find(id);
    if (!d || d->state() != DownloadState::Paused)
        return;
    m_waiting.insert(id);
    schedule();
}

void DownloadManager::cancel(DownloadId id, bool keepPartial)
{
    if (Download *d = find(id))
        d->cancel(keepPartial);
}

void DownloadManager::pauseAll()
{
    for (DownloadId id : std::as_const(m_order))
        pause(id);
}

void DownloadManager::resumeAll()
{
    for (DownloadId id : std::as_const(m_order))
        resume(id);
}

void DownloadManager::remove(DownloadId id)
{
    Download *d = find(id);
    if (!d || !isFinalState(d->state()) || m_justFinished.contains(id))
        return;
    m_changed.remove(id);
    m_order.removeOne(id);
    m_downloads.erase(id);
}

void DownloadManager::setMaxConcurrentDownloads(int n)
{
    m_maxConcurrent = std::max(1, n);
    schedule();
}

void DownloadManager::setMaxConnectionsPerHost(int n)
{
    m_maxPerHost = std::max(1, n);
    schedule();
}

void DownloadManager::setGlobalRateLimit(qint64 bytesPerSecond)
{
    m_globalLimit->setRate(std::max<qint64>(0, bytesPerSecond));
}

void DownloadManager::setFlushInterval(int milliseconds)
{
    m_flushInterval = std::max(0, milliseconds);
}

// Downloads holding network slots; one that is verifying or publishing has given its slot back.
int DownloadManager::activeCount() const
{
    int n = 0;
    for (DownloadId id : m_started) {
        const DownloadState s = find(id)->state();
        if (s == DownloadState::Connecting || s == DownloadState::Downloading || s == DownloadState::Retrying)
            ++n;
    }
    return n;
}

DownloadSnapshot DownloadManager::snapshot(DownloadId id) const
{
    Download *d = find(id);
    return d ? d->snapshot() : DownloadSnapshot{};
}

DownloadDetails DownloadManager::details(DownloadId id) const
{
    Download *d = find(id);
    return d ? d->details() : DownloadDetails{};
}

QStringList DownloadManager::log(DownloadId id) const
{
    Download *d = find(id);
    return d ? d->log() : QStringList{};
}

// Starts waiting downloads, oldest first, while slots are free. Only the waiting and the started ones
// are looked at, so a queue of thousands of finished downloads costs nothing here.
void DownloadManager::schedule()
{
    int active = activeCount();
    for (auto it = m_waiting.begin(); it != m_waiting.end() && active < m_maxConcurrent;) {
        Download *d = find(*it);
        if (!tryAcquireConnection(d->hostKey())) {
            ++it;  // this host is at its cap; a download from another host may still start
            continue;
        }
        m_started.insert(*it);
        it = m_waiting.erase(it);
        d->start();  // may finish at once (a bad URL), which takes it out of m_started again
        ++active;
    }
}

bool DownloadManager::tryAcquireConnection(const QString &hostKey)
{
    int &n = m_connectionsPerHost[hostKey];
    if (n >= m_maxPerHost)
        return false;
    ++n;
    return true;
}

void DownloadManager::releaseConnection(const QString &hostKey)
{
    auto it = m_connectionsPerHost.find(hostKey);
    if (it == m_connectionsPerHost.end())
        return;
    if (--it.value() <= 0)
        m_connectionsPerHost.erase(it);
    // A freed connection may let a queued download start; not from inside the caller's stack.
    QMetaObject::invokeMethod(this, &DownloadManager::schedule, Qt::QueuedConnection);
}

// Flushes at most once per interval, but no later than needed: a change after a quiet spell goes out
// on the next turn of the event loop, so a finished download is reported at once.
void DownloadManager::markChanged(DownloadId id)
{
    m_changed.insert(id);
    if (m_flushTimer.isActive())
        return;
    const qint64 sinceLast = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : m_flushInterval;
    m_flushTimer.start(int(std::max<qint64>(0, m_flushInterval - sinceLast)));
}

void DownloadManager::onDownloadFinished(DownloadId id)
{
    m_waiting.erase(id);
    m_started.erase(id);
    m_justFinished.append(id);
    --m_unfinished;
    markChanged(id);
}

void DownloadManager::flush()
{
    m_sinceFlush.start();
    QList<DownloadId> changed(m_changed.begin(), m_changed.end());
    std::sort(changed.begin(), changed.end());  // queue order
    QList<DownloadSnapshot> batch;
    batch.reserve(changed.size());
    for (DownloadId id : std::as_const(changed))
        batch.append(find(id)->snapshot());
    m_changed.clear();
    // Running downloads change every tick; keep ticking while any runs, so speeds stay fresh.
    for (DownloadId id : m_started) {
        const DownloadState s = find(id)->state();
        if (s == DownloadState::Downloading || s == DownloadState::Connecting || s == DownloadState::Retrying)
            m_changed.insert(id);
    }
    if (!m_changed.isEmpty())
        m_flushTimer.start(m_flushInterval);

    if (!batch.isEmpty())
        Q_EMIT snapshotsChanged(batch);
    const QList<DownloadId> finished = std::exchange(m_justFinished, {});
    for (DownloadId id : finished)
        Q_EMIT downloadFinished(find(id)->snapshot());
    if (!finished.isEmpty() && m_unfinished == 0)
        Q_EMIT allFinished();
}

} // namespace Ferry
