#pragma once

#include "net/downloadtypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <map>
#include <set>
#include <memory>

namespace Ferry {

class Download;
class NetworkAccessPool;
class TokenBucket;
class Trace;

// The download engine's facade. Lives on one thread (the engine thread in the app, the main thread in
// ferry-cli) and must only be called there, directly or as queued calls. Holds the queue, the global
// caps (concurrent downloads, connections per host, speed) and publishes changed snapshots in one batch
// on a timer, never one signal per chunk.
class DownloadManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadManager)

public:
    explicit DownloadManager(QObject *parent = nullptr);
    ~DownloadManager() override;

    void setOptions(const DownloadOptions &options);
    const DownloadOptions &options() const { return m_options; }

public Q_SLOTS:
    // Queues a download and returns its id at once; it starts when a slot is free.
    Ferry::DownloadId add(const Ferry::DownloadRequest &request);
    void pause(Ferry::DownloadId id);
    void resume(Ferry::DownloadId id);
    // keepPartial: leave the partial file and its resume state for a later run.
    void cancel(Ferry::DownloadId id, bool keepPartial = false);
    void pauseAll();
    void resumeAll();
    // Forgets a finished download (its snapshot and log), so an engine that starts a new download
    // for every run of a task does not keep them all. Ignored for a download that still runs.
    void remove(Ferry::DownloadId id);

    void setMaxConcurrentDownloads(int n);
    void setMaxConnectionsPerHost(int n);
    void setGlobalRateLimit(qint64 bytesPerSecond);
    void setFlushInterval(int milliseconds);  // 33 by default (30 Hz)

public:
    int maxConcurrentDownloads() const { return m_maxConcurrent; }
    int maxConnectionsPerHost() const { return m_maxPerHost; }
    DownloadSnapshot snapshot(DownloadId id) const;
    QStringList log(DownloadId id) const;
    DownloadDetails details(DownloadId id) const;
    QList<DownloadId> ids() const { return m_order; }
    int activeCount() const;
    int connectionsTo(const QString &hostKey) const { return m_connectionsPerHost.value(hostKey); }
    // Every request of the session as a span (which bytes, which connection, when, how it ended).
    const Trace &trace() const { return *m_trace; }
    Trace &trace() { return *m_trace; }

Q_SIGNALS:
    // Only the downloads that changed since the last flush.
    void snapshotsChanged(const QList<Ferry::DownloadSnapshot> &changed);
    // Once per download, when it reaches Succeeded, Failed or Cancelled (after the batch carrying it).
    void downloadFinished(const Ferry::DownloadSnapshot &result);
    // A timestamped line for a download's log.
    void logLine(Ferry::DownloadId id, const QString &line);
    // Every download added so far has finished.
    void allFinished();

private:
    void schedule();
    void markChanged(DownloadId id);
    void flush();
    void onDownloadFinished(DownloadId id);
    bool tryAcquireConnection(const QString &hostKey);
    void releaseConnection(const QString &hostKey);
    Download *find(DownloadId id) const;

    DownloadOptions m_options;
    // Declared before the downloads: they use these until they are destroyed.
    QThreadPool m_workers;  // CPU: hashing
    QThreadPool m_disk;     // waits on the disk: fsync, rename, removal
    std::unique_ptr<NetworkAccessPool> m_network;
    std::unique_ptr<TokenBucket> m_globalLimit;
    std::unique_ptr<Trace> m_trace;
    std::map<DownloadId, std::unique_ptr<Download>> m_downloads;
    QList<DownloadId> m_order;      // every download, in the order added
    std::set<DownloadId> m_waiting;  // to start when a slot frees (ids grow, so this is queue order)
    std::set<DownloadId> m_started;  // started and not paused or finished
    QHash<QString, int> m_connectionsPerHost;
    QSet<DownloadId> m_changed;
    QList<DownloadId> m_justFinished;
    QTimer m_flushTimer;
    QElapsedTimer m_sinceFlush;
    int m_flushInterval = 34;
    DownloadId m_nextId = 1;
    int m_maxConcurrent = 3;
    int m_maxPerHost = 16;
    int m_unfinished = 0;
};

} // namespace Ferry
