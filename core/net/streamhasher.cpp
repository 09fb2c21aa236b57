#include "net/streamhasher.h"

#include "util/threadpriority.h"

#include <QMetaObject>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace Ferry {

namespace {
// Small enough to stay in cache while every hasher reads it, large enough that syscalls do not count.
constexpr qint64 ReadChunk = 1024 * 1024;
}

StreamHasher::StreamHasher(const QList<HashAlgorithm> &algorithms, int fd, QThreadPool *pool,
                           QObject *parent)
    : QObject(parent)
    , m_algorithms(algorithms)
    , m_executor(pool)
{
    m_hashers.reserve(size_t(algorithms.size()));
    for (HashAlgorithm algorithm : algorithms)
        m_hashers.emplace_back(algorithm);
    if (fd >= 0) {
        m_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (m_fd < 0)
            failLater(tr("Cannot duplicate the file descriptor: %1").arg(qt_error_string(errno)));
    }
}

StreamHasher::~StreamHasher()
{
    // The executor would do this itself, but the fd must stay open until no job can read it.
    m_stopping.store(true, std::memory_order_relaxed);
    m_executor.clear();
    m_executor.waitForIdle();
    if (m_fd >= 0)
        ::close(m_fd);
}

void StreamHasher::feed(qint64 offset, const QByteArray &data)
{
    if (offset != m_queuedEnd) {
        failLater(tr("Hash input out of order: %1 bytes at offset %2, expected offset %3")
                      .arg(data.size())
                      .arg(offset)
                      .arg(m_queuedEnd));
        return;
    }
    if (data.isEmpty())
        return;
    const qint64 size = data.size();
    m_queuedEnd += size;
    m_pendingMemory.fetch_add(size, std::memory_order_relaxed);
    m_executor.post([this, data, size] {
        hashBlock(data);
        m_pendingMemory.fetch_sub(size, std::memory_order_relaxed);
    });
}

void StreamHasher::feedFromFile(qint64 offset, qint64 length)
{
    if (offset != m_queuedEnd || length < 0) {
        failLater(tr("Hash input out of order: %1 bytes from the file at offset %2, expected offset %3")
                      .arg(length)
                      .arg(offset)
                      .arg(m_queuedEnd));
        return;
    }
    if (length == 0)
        return;
    m_queuedEnd += length;
    m_executor.post([this, offset, length] {
        if (!m_readError.isEmpty())
            return;
        if (m_fd < 0) {
            m_readError = tr("Cannot hash from the file: no file descriptor");
            return;
        }
        const qint64 chunk = qMin(length, ReadChunk);
        QByteArray buffer(chunk, Qt::Uninitialized);
        qint64 position = offset;
        const qint64 end = offset + length;
        while (position < end) {
            if (m_stopping.load(std::memory_order_relaxed))
                return;
            const ssize_t n = ::pread(m_fd, buffer.data(), size_t(qMin(end - position, chunk)),
                                      off_t(position));
            if (n < 0) {
                const int error = errno;
                if (error == EINTR)
                    continue;
                m_readError = tr("Cannot read the file at offset %1 for hashing: %2")
                                  .arg(position)
                                  .arg(qt_error_string(error));
                return;
            }
            if (n == 0) {
                m_readError = tr("The file ends at offset %1, but hashing needs it up to offset %2")
                                  .arg(position)
                                  .arg(end);
                return;
            }
            hashBlock(QByteArrayView(buffer.constData(), n));
            position += n;
        }
    });
}

void StreamHasher::requestResult()
{
    m_executor.post([this] {
        if (m_stopping.load(std::memory_order_relaxed))
            return;
        QList<QByteArray> digests;
        digests.reserve(qsizetype(m_hashers.size()));
        for (const Hasher &hasher : m_hashers)
            digests.append(hasher.result());
        // Safe even if we are being destroyed: the destructor waits for this job before ~QObject runs,
        // and ~QObject discards the events still posted to it, so the functor never sees a dead `this`.
        QMetaObject::invokeMethod(
            this, [this, digests, error = m_readError] { Q_EMIT resultReady(digests, error); },
            Qt::QueuedConnection);
    });
}

// Runs as a job: records the first error and stops hashing, since later bytes would hash a gap.
void StreamHasher::failLater(const QString &error)
{
    m_executor.post([this, error] {
        if (m_readError.isEmpty())
            m_readError = error;
    });
}

void StreamHasher::hashBlock(QByteArrayView data)
{
    if (!m_readError.isEmpty())
        return;
    lowerCurrentThread(ThreadRole::Cpu);  // once per pool thread: hashing gives way to the GUI
    for (Hasher &hasher : m_hashers)
        hasher.addData(data);
    m_hashedEnd.fetch_add(data.size(), std::memory_order_relaxed);
}

} // namespace Ferry
