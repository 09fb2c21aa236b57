#pragma once

#include "util/hasher.h"
#include "util/serialexecutor.h"

#include <QList>
#include <QObject>

#include <atomic>
#include <vector>

class QThreadPool;

namespace Ferry {

// Hashes a download's bytes in file order, off the engine's thread, with one or more algorithms at once.
// Bytes come either from memory as they stream in (feed) or, to catch up after a gap (a resumed
// download's existing part, segments that finished out of order, or when hashing fell behind), from the
// partial file itself (feedFromFile). Both must continue exactly at queuedEnd(); a call that does not
// is a caller bug, and since a digest over a gap would be silently wrong, it fails the whole hash
// (resultReady carries the error) rather than being skipped.
//
// Lives on the engine thread; signals arrive there queued.
class StreamHasher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamHasher)

public:
    // fd: the partial file; it is dup()ed, so the caller may close its own descriptor.
    StreamHasher(const QList<HashAlgorithm> &algorithms, int fd, QThreadPool *pool,
                 QObject *parent = nullptr);
    ~StreamHasher() override;

    QList<HashAlgorithm> algorithms() const { return m_algorithms; }
    qint64 queuedEnd() const { return m_queuedEnd; }
    // Bytes handed over in memory and not hashed yet: callers stop feeding from memory above a bound
    // and catch up from the file later, so memory stays bounded when the disk outruns the hash.
    qint64 pendingMemoryBytes() const { return m_pendingMemory.load(std::memory_order_relaxed); }
    qint64 hashedEnd() const { return m_hashedEnd.load(std::memory_order_relaxed); }

    void feed(qint64 offset, const QByteArray &data);
    void feedFromFile(qint64 offset, qint64 length);
    // Emits resultReady once everything queued so far is hashed.
    void requestResult();

Q_SIGNALS:
    // digests in the order of algorithms(); error is empty on success (a failing pread sets it).
    void resultReady(const QList<QByteArray> &digests, const QString &error);

private:
    void failLater(const QString &error);
    void hashBlock(QByteArrayView data);

    QList<HashAlgorithm> m_algorithms;
    std::vector<Hasher> m_hashers;  // touched only by jobs on m_executor
    int m_fd = -1;
    qint64 m_queuedEnd = 0;
    std::atomic<qint64> m_pendingMemory{0};
    std::atomic<qint64> m_hashedEnd{0};
    QString m_readError;  // touched only by jobs; the first error wins
    std::atomic<bool> m_stopping{false};  // lets the destructor cut a long feedFromFile short
    SerialExecutor m_executor;  // last: destroyed first, so no job runs while members die
};

} // namespace Ferry
