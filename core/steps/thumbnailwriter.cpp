#include "thumbnailwriter.h"

#include "net/filenames.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>
#include <QSaveFile>

namespace Ferry {

namespace {

constexpr int kMaxNameBytes = 255;
constexpr int kMaxNumber = 9999;

// True when path is a regular file (not a symlink) whose content is exactly bytes.
bool holdsSameBytes(const QString &path, const QByteArray &bytes)
{
    const QFileInfo info(path);
    if (info.isSymLink() || !info.isFile() || info.size() != bytes.size())
        return false;
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.readAll() == bytes;
}

TaskError::Code codeFor(QFileDevice::FileError error)
{
    switch (error) {
    case QFileDevice::PermissionsError: return TaskError::Code::Permission;
    case QFileDevice::ResourceError: return TaskError::Code::DiskFull; // ENOSPC, EDQUOT
    default: return TaskError::Code::FileSystem;
    }
}

} // namespace

ThumbnailWriter::Outcome ThumbnailWriter::publish(const QString &dir, const QString &fileName,
                                                  const QByteArray &bytes,
                                                  const std::function<bool()> &isCanceled)
{
    if (TaskError error = ensureDir(dir); error.isError())
        return { {}, error };

    bool reused = false;
    const QString path = claim(dir, fileName, bytes, reused);
    if (path.isEmpty()) {
        return { {}, { TaskError::Code::FileSystem,
                       QStringLiteral("No free name for %1 in %2").arg(fileName, dir) } };
    }
    if (reused)
        return { path, {} };

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        const TaskError error(codeFor(file.error()), QStringLiteral("Cannot write %1").arg(path),
                              file.errorString());
        file.cancelWriting();
        return { {}, error };
    }
    // The last moment to honour a cancel: after the commit the thumbnail is published.
    if (isCanceled()) {
        file.cancelWriting(); // the destructor then discards the temporary file
        return { {}, { TaskError::Code::Cancelled, QStringLiteral("Cancelled") } };
    }
    if (!file.commit())
        return { {}, { codeFor(file.error()), QStringLiteral("Cannot write %1").arg(path), file.errorString() } };
    return { path, {} };
}

QString ThumbnailWriter::claim(const QString &dir, const QString &fileName, const QByteArray &bytes,
                               bool &reused)
{
    const QMutexLocker lock(&m_mutex);
    for (int n = 0; n <= kMaxNumber; ++n) {
        const QString candidate = dir + u'/' + FileNames::numbered(fileName, n, kMaxNameBytes);
        if (m_claimed.contains(candidate))
            continue;
        const QFileInfo info(candidate);
        // isSymLink() first: exists() follows links, and a dangling one must not be written through.
        if (info.isSymLink() || info.exists()) {
            if (!holdsSameBytes(candidate, bytes))
                continue;
            reused = true;
        }
        m_claimed.insert(candidate);
        return candidate;
    }
    return {};
}

TaskError ThumbnailWriter::ensureDir(const QString &dir)
{
    const QMutexLocker lock(&m_mutex);
    if (m_readyDirs.contains(dir))
        return {};
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return { TaskError::Code::FileSystem, QStringLiteral("%1 exists and is not a folder").arg(dir) };
    if (!QDir().mkpath(dir))
        return { TaskError::Code::Permission, QStringLiteral("Cannot create the folder %1").arg(dir) };
    m_readyDirs.insert(dir);
    return {};
}

} // namespace Ferry
