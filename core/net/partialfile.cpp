#include "partialfile.h"

#include "net/filenames.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace Ferry {

namespace {

// One pwrite copies into the page cache without a point where the kernel (built without kernel
// preemption, as Debian's is by default) could hand the core to a thread that just woke, such as the
// GUI thread. A MiB took up to a few ms under load; a quarter of that keeps the wait short and
// costs four system calls per MiB instead of one.
constexpr qint64 kMaxWriteCall = 256 * 1024;

QByteArray encoded(const QString &name)
{
    return QFile::encodeName(name);
}

} // namespace

TaskError PartialFile::errorFromErrno(int err, const QString &what)
{
    const QString detail = QString::fromLocal8Bit(std::strerror(err));
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return { TaskError::Code::DiskFull, QStringLiteral("The disk is full: cannot write %1").arg(what), detail };
    case EFBIG:
        return { TaskError::Code::DiskFull, QStringLiteral("The file is too large for this folder: %1").arg(what),
                 detail };
    case EACCES:
    case EPERM:
    case EROFS:
        return { TaskError::Code::Permission, QStringLiteral("No permission to write %1").arg(what), detail };
    default:
        return { TaskError::Code::FileSystem, QStringLiteral("Cannot write %1").arg(what), detail };
    }
}

TargetFolder::TargetFolder(QString path) : m_path(QDir::cleanPath(QDir(path).absolutePath())) { }

TargetFolder::~TargetFolder()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

TaskError TargetFolder::open()
{
    if (m_fd >= 0)
        return {};
    const QByteArray path = encoded(m_path);
    m_fd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_fd < 0 && errno == ENOENT) {
        if (!QDir().mkpath(m_path)) {
            return { TaskError::Code::Permission, QStringLiteral("Cannot create the folder %1").arg(m_path),
                     QStringLiteral("mkdir failed") };
        }
        m_fd = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    if (m_fd < 0)
        return PartialFile::errorFromErrno(errno, m_path);
    return {};
}

TaskError TargetFolder::enter(const QString &name)
{
    if (const TaskError e = open(); e.isError())
        return e;
    const QString path = filePath(name);
    const QByteArray component = encoded(name);
    if (::mkdirat(m_fd, component.constData(), 0777) != 0 && errno != EEXIST)
        return PartialFile::errorFromErrno(errno, path);
    const int child = ::openat(m_fd, component.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (child < 0)
        return PartialFile::errorFromErrno(errno, path);
    ::close(m_fd);
    m_fd = child;
    m_path = path;
    return {};
}

QString TargetFolder::filePath(const QString &name) const
{
    return m_path + u'/' + name;
}

bool TargetFolder::exists(const QString &name) const
{
    struct stat st;
    return ::fstatat(m_fd, encoded(name).constData(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

bool TargetFolder::remove(const QString &name) const
{
    return ::unlinkat(m_fd, encoded(name).constData(), 0) == 0 || errno == ENOENT;
}

qint64 TargetFolder::freeBytes() const
{
    struct statvfs st;
    if (::fstatvfs(m_fd, &st) != 0)
        return -1;
    return qint64(st.f_bavail) * qint64(st.f_frsize);
}

TaskError TargetFolder::missingError(const QString &name, int err) const
{
    const QString detail = QString::fromLocal8Bit(std::strerror(err));
    struct stat st;
    if (::fstat(m_fd, &st) == 0 && st.st_nlink == 0) {
        return { TaskError::Code::FileSystem,
                 QStringLiteral("The folder %1 was deleted while the download was running").arg(m_path), detail };
    }
    return { TaskError::Code::FileSystem,
             QStringLiteral("The partial file %1 was deleted while the download was running").arg(filePath(name)),
             detail };
}

TaskError TargetFolder::publish(const QString &from, const QString &wanted, QString *published) const
{
    const QByteArray source = encoded(from);
    for (int n = 0; n < 10000; ++n) {
        const QString candidate = FileNames::numbered(wanted, n);
        const QByteArray target = encoded(candidate);
        int rc = ::renameat2(m_fd, source.constData(), m_fd, target.constData(), RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            // A file system without RENAME_NOREPLACE: link() refuses an existing name just as atomically.
            rc = ::linkat(m_fd, source.constData(), m_fd, target.constData(), 0);
            if (rc == 0)
                ::unlinkat(m_fd, source.constData(), 0);
        }
        if (rc == 0) {
            *published = candidate;
            return {};
        }
        if (errno == ENOENT)
            return missingError(from, errno);  // the target name is free: the source or the folder is gone
        if (errno != EEXIST)
            return PartialFile::errorFromErrno(errno, filePath(candidate));
    }
    return { TaskError::Code::FileSystem, QStringLiteral("No free name for %1").arg(wanted),
             QStringLiteral("10000 numbered names are taken") };
}

PartialFile::~PartialFile()
{
    close();
}

PartialFile::OpenResult PartialFile::open(const TargetFolder &folder, const QString &name, OpenMode mode,
                                          TaskError *error)
{
    close();
    const QByteArray path = encoded(name);
    int flags = O_RDWR | O_NOFOLLOW | O_CLOEXEC;
    if (mode == OpenMode::CreateNew)
        flags |= O_CREAT | O_EXCL;
    const int fd = ::openat(folder.fd(), path.constData(), flags, 0644);
    if (fd < 0) {
        const int err = errno;
        if (err == EEXIST)
            return OpenResult::Exists;
        if (err == ENOENT && mode == OpenMode::OpenExisting)
            return OpenResult::Missing;
        if (err == ELOOP) {  // a symlink sits there: treat the name as taken, never follow it
            return mode == OpenMode::CreateNew ? OpenResult::Exists : OpenResult::Busy;
        }
        *error = errorFromErrno(err, folder.filePath(name));
        return OpenResult::Failed;
    }
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return OpenResult::Busy;  // a FIFO, device or folder under that name is not ours
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return OpenResult::Busy;
    }
    m_fd = fd;
    m_name = name;
    return OpenResult::Opened;
}

void PartialFile::close()
{
    if (m_fd >= 0)
        ::close(m_fd);  // releases the flock
    m_fd = -1;
}

TaskError PartialFile::write(qint64 offset, const char *data, qint64 size, qint64 *written)
{
    qint64 done = 0;
    TaskError error;
    while (done < size) {
        const ssize_t n = ::pwrite(m_fd, data + done, size_t(std::min(size - done, kMaxWriteCall)), offset + done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            error = errorFromErrno(errno, m_name);
            break;
        }
        done += n;
    }
    if (written)
        *written = done;
    return error;
}

TaskError PartialFile::truncate(qint64 size)
{
    if (::ftruncate(m_fd, size) != 0)
        return errorFromErrno(errno, m_name);
    return {};
}

TaskError PartialFile::allocate(qint64 size)
{
    // fallocate, not posix_fallocate: where the file system cannot reserve blocks we skip it instead of
    // letting glibc emulate it by writing zeros over the whole file.
    if (::fallocate(m_fd, 0, 0, size) == 0 || errno == EOPNOTSUPP || errno == ENOSYS)
        return {};
    return errorFromErrno(errno, m_name);
}

qint64 PartialFile::size() const
{
    struct stat st;
    return ::fstat(m_fd, &st) == 0 ? qint64(st.st_size) : -1;
}

} // namespace Ferry
