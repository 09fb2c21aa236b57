#include "steps/filedigester.h"

#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

TaskError readError(int err, const QString &path)
{
    const QString detail = QString::fromLocal8Bit(std::strerror(err));
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return { TaskError::Code::InvalidInput, u"The file %1 does not exist"_s.arg(path), detail };
    case EISDIR:
        return { TaskError::Code::InvalidInput, u"%1 is a folder, not a file"_s.arg(path), detail };
    case EACCES:
    case EPERM:
        return { TaskError::Code::Permission, u"No permission to read %1"_s.arg(path), detail };
    default:
        return { TaskError::Code::FileSystem, u"Cannot read %1"_s.arg(path), detail };
    }
}

TaskError notRegular(const struct stat &st, const QString &path)
{
    if (S_ISDIR(st.st_mode))
        return readError(EISDIR, path);
    return { TaskError::Code::InvalidInput, u"%1 is not a regular file"_s.arg(path),
        u"a device, FIFO or socket"_s };
}

// Closes the descriptor on every way out.
struct Fd
{
    int fd;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

FileDigester::FileDigester(QList<HashAlgorithm> algorithms, qint64 chunkSize)
    : m_algorithms(std::move(algorithms))
    , m_buffer(size_t(std::clamp<qint64>(chunkSize, 64 * 1024, 64 * 1024 * 1024)))
{ }

TaskError FileDigester::checkRegularFile(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return readError(errno, path);
    if (!S_ISREG(st.st_mode))
        return notRegular(st, path);
    return {};
}

FileDigester::Outcome FileDigester::digest(
    const QString &path, const std::function<bool(qint64)> &onChunk, FileDigests *out, TaskError *error)
{
    // O_NONBLOCK so a FIFO planted under the name cannot hang the open; it changes nothing for files.
    Fd file { ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK) };
    if (file.fd < 0) {
        *error = readError(errno, path);
        return Outcome::Failed;
    }
    struct stat st;
    if (::fstat(file.fd, &st) != 0) {
        *error = readError(errno, path);
        return Outcome::Failed;
    }
    if (!S_ISREG(st.st_mode)) {
        *error = notRegular(st, path);
        return Outcome::Failed;
    }
    ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    std::vector<Hasher> hashers;
    hashers.reserve(size_t(m_algorithms.size()));
    for (HashAlgorithm algorithm : m_algorithms)
        hashers.emplace_back(algorithm);

    qint64 offset = 0;
    while (true) {
        const ssize_t n = ::pread(file.fd, m_buffer.data(), m_buffer.size(), off_t(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = readError(errno, path);
            return Outcome::Failed;
        }
        if (n == 0)
            break; // read to the end as it is now; a file still growing is the caller's business
        const QByteArrayView chunk(m_buffer.data(), qsizetype(n));
        for (Hasher &hasher : hashers)
            hasher.addData(chunk);
        offset += n;
        if (onChunk && !onChunk(offset))
            return Outcome::Stopped;
    }

    out->path = path;
    out->size = offset;
    out->digests.clear();
    for (const Hasher &hasher : hashers)
        out->digests.insert(hasher.algorithm(), hasher.result());
    return Outcome::Done;
}

} // namespace Ferry
