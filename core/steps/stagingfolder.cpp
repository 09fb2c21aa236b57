#include "steps/stagingfolder.h"

#include "net/partialfile.h"
#include "steps/entrypolicy.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QtDebug>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int FolderFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

// The process umask without changing it (umask() would, racing other threads); 022 if unknown.
mode_t currentUmask()
{
    QFile status(u"/proc/self/status"_s);
    if (status.open(QIODevice::ReadOnly)) {
        while (!status.atEnd()) {
            const QByteArray line = status.readLine();
            if (line.startsWith("Umask:")) {
                bool ok = false;
                const uint mask = line.mid(6).trimmed().toUInt(&ok, 8);
                if (ok)
                    return mode_t(mask & 0777);
            }
        }
    }
    return 022;
}

QString kindName(mode_t type)
{
    switch (type) {
    case S_IFREG: return u"file"_s;
    case S_IFDIR: return u"folder"_s;
    case S_IFLNK: return u"symlink"_s;
    default: return u"special file"_s;
    }
}

// Deletes `name` in parentFd and everything under it. Never follows a symlink: each folder is opened
// with O_NOFOLLOW relative to its parent's descriptor, and links are unlinked, not entered.
bool removeTree(int parentFd, const char *name)
{
    bool ok = true;
    const int fd = ::openat(parentFd, name, FolderFlags);
    if (fd >= 0) {
        DIR *dir = ::fdopendir(fd);
        if (!dir) {
            ::close(fd);
            return false;
        }
        while (const dirent *e = ::readdir(dir)) {
            if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0)
                continue;
            bool isFolder = e->d_type == DT_DIR;
            if (e->d_type == DT_UNKNOWN) {
                struct stat st;
                isFolder = ::fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
            }
            if (isFolder)
                ok = removeTree(fd, e->d_name) && ok;
            else if (::unlinkat(fd, e->d_name, 0) != 0 && errno != ENOENT)
                ok = false;
        }
        ::closedir(dir);
    }
    if (::unlinkat(parentFd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        ok = false;
    return ok;
}

constexpr char StagingPrefix[] = ".ferry-extract-";
constexpr char LockSuffix[] = ".lock";

// Whether `name` in dirFd (not followed) is the regular file open as `fd`: a lock taken on a file that
// was unlinked or replaced meanwhile protects nothing.
bool sameFile(int dirFd, const char *name, int fd)
{
    struct stat opened;
    struct stat named;
    return ::fstat(fd, &opened) == 0 && S_ISREG(opened.st_mode)
        && ::fstatat(dirFd, name, &named, AT_SYMLINK_NOFOLLOW) == 0 && opened.st_dev == named.st_dev
        && opened.st_ino == named.st_ino;
}

// The names in dirFd starting with `prefix`, read before anything is removed.
QByteArrayList namesStartingWith(int dirFd, const char *prefix)
{
    QByteArrayList names;
    const int fd = ::openat(dirFd, ".", FolderFlags);
    DIR *dir = fd >= 0 ? ::fdopendir(fd) : nullptr;
    if (!dir) {
        if (fd >= 0)
            ::close(fd);
        return names;
    }
    while (const dirent *e = ::readdir(dir)) {
        if (std::strncmp(e->d_name, prefix, std::strlen(prefix)) == 0)
            names.append(QByteArray(e->d_name));
    }
    ::closedir(dir);
    return names;
}

} // namespace

TaskError StagingFolder::systemError(int err, const QString &what)
{
    return PartialFile::errorFromErrno(err, what);  // one mapping of write errors for the whole engine
}

StagingFolder::~StagingFolder()
{
    remove();
}

TaskError StagingFolder::create(const QString &targetFolder)
{
    m_targetPath = QDir::cleanPath(QDir(targetFolder).absolutePath());
    if (!QDir().mkpath(m_targetPath)) {
        return { TaskError::Code::Permission, u"Cannot create the folder %1"_s.arg(m_targetPath),
                 u"mkdir failed"_s };
    }
    m_targetFd = ::open(QFile::encodeName(m_targetPath).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (m_targetFd < 0)
        return systemError(errno, m_targetPath);
    removeAbandoned();
    for (int attempt = 0; attempt < 100; ++attempt) {
        char suffix[8];
        std::snprintf(suffix, sizeof suffix, "%06x", QRandomGenerator::global()->bounded(0x1000000));
        const QByteArray name = StagingPrefix + QByteArray(suffix);
        const QByteArray lockName = name + LockSuffix;
        // The lock first, the folder second: a staging folder never exists without its held lock.
        const int lockFd = ::openat(m_targetFd, lockName.constData(),
                                    O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (lockFd < 0) {
            if (errno == EEXIST)
                continue;
            return systemError(errno, m_targetPath);
        }
        if (::flock(lockFd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
            ::close(lockFd);  // another run's cleanup took it for an orphan between open and flock
            continue;
        }
        // Other flock errors (a file system without locks): go on unlocked. Other runs cannot lock
        // the file either then, so they leave this folder alone; only a kill's leftover stays.
        if (!sameFile(m_targetFd, lockName.constData(), lockFd)) {
            ::close(lockFd);
            continue;
        }
        const auto dropLock = [&] {
            ::unlinkat(m_targetFd, lockName.constData(), 0);
            ::close(lockFd);
        };
        if (::mkdirat(m_targetFd, name.constData(), 0700) != 0) {
            const int err = errno;
            dropLock();
            if (err == EEXIST)
                continue;
            return systemError(err, m_targetPath);
        }
        m_fd = ::openat(m_targetFd, name.constData(), FolderFlags);
        if (m_fd < 0) {
            const int err = errno;
            ::unlinkat(m_targetFd, name.constData(), AT_REMOVEDIR);
            dropLock();
            return systemError(err, m_targetPath);
        }
        m_lockFd = lockFd;
        m_name = name;
        m_path = m_targetPath + u'/' + QString::fromUtf8(name);
        return {};
    }
    return { TaskError::Code::FileSystem, u"Cannot create a staging folder in %1"_s.arg(m_targetPath),
             u"100 random names were taken"_s };
}

// For each ".ferry-extract-X.lock" whose lock nobody holds: X (and the lock file) are a killed run's
// leftovers. A held lock (a live run, here or in another process) or a lock file that is a symlink,
// a FIFO or gone is skipped. Nothing here fails the extraction; failures are logged.
void StagingFolder::removeAbandoned()
{
    for (const QByteArray &lockName : namesStartingWith(m_targetFd, StagingPrefix)) {
        if (!lockName.endsWith(LockSuffix))
            continue;
        const QByteArray name = lockName.chopped(qsizetype(std::strlen(LockSuffix)));
        const QString shown = QString::fromUtf8(name);
        const int fd = ::openat(m_targetFd, lockName.constData(), O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            continue;  // gone meanwhile (another run cleaned it), or a symlink: not ours
        const auto closeLock = qScopeGuard([fd] { ::close(fd); });
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK) {
                m_cleanupLog.append(u"Could not check whether the extraction folder %1 is abandoned: %2"_s
                                        .arg(shown, QString::fromLocal8Bit(std::strerror(errno))));
            }
            continue;  // held: a live extraction
        }
        if (!sameFile(m_targetFd, lockName.constData(), fd))
            continue;  // unlinked or replaced after we opened it: someone else cleaned up
        struct stat st;
        bool removed = true;
        QString what = u"folder"_s;
        if (::fstatat(m_targetFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            what.clear();  // an orphan lock: killed between taking the lock and making the folder
        } else if (S_ISDIR(st.st_mode)) {
            removed = removeTree(m_targetFd, name.constData());
        } else {
            what = u"entry"_s;  // never ours (a planted symlink?): remove the name itself, never its target
            removed = ::unlinkat(m_targetFd, name.constData(), 0) == 0 || errno == ENOENT;
        }
        if (!removed) {
            // The lock file stays, so the next extraction here tries again.
            m_cleanupLog.append(u"Could not remove all of the abandoned extraction folder %1 in %2"_s
                                    .arg(shown, m_targetPath));
            continue;
        }
        ::unlinkat(m_targetFd, lockName.constData(), 0);
        if (what.isEmpty())
            m_cleanupLog.append(u"Removed the lock file %1.lock left by a killed run"_s.arg(shown));
        else
            m_cleanupLog.append(u"Removed an abandoned extraction %1 %2 (left by a killed run)"_s.arg(what, shown));
    }
}

void StagingFolder::releaseLock(bool keepFile)
{
    if (m_lockFd < 0)
        return;
    // Unlinked while still held, so no other run ever sees this lock free with the folder present.
    // Kept (free) when the folder could not be removed: the next run's cleanup then finishes the job.
    if (!keepFile)
        ::unlinkat(m_targetFd, QByteArray(m_name + LockSuffix).constData(), 0);
    ::close(m_lockFd);
    m_lockFd = -1;
}

int StagingFolder::walk(const QByteArrayList &parts, qsizetype count, bool create, const QString &entry,
                        TaskError *error)
{
    int fd = ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) {
        *error = systemError(errno, m_path);
        return -1;
    }
    for (qsizetype i = 0; i < count; ++i) {
        const char *name = parts.at(i).constData();
        int next = ::openat(fd, name, FolderFlags);
        if (next < 0 && errno == ENOENT && create) {
            if (::mkdirat(fd, name, 0755) == 0 || errno == EEXIST)
                next = ::openat(fd, name, FolderFlags);
        }
        if (next < 0) {
            const int err = errno;
            ::close(fd);
            const QString where = QString::fromUtf8(parts.mid(0, i + 1).join('/'));
            if (err == ELOOP || err == ENOTDIR)
                *error = EntryPolicy::refusal(entry, u"'%1' on its path is a symlink or a file"_s.arg(where));
            else if (err == ENOENT)
                *error = EntryPolicy::refusal(entry, u"'%1' does not exist"_s.arg(where));
            else
                *error = systemError(err, m_path + u'/' + where);
            return -1;
        }
        ::close(fd);
        fd = next;
    }
    return fd;
}

int StagingFolder::parentFolder(const QByteArrayList &parts, bool create, const QString &entry,
                                TaskError *error)
{
    // Archives list a folder's files together, so the last parent is nearly always the next one.
    // The cached descriptor stays valid: a folder is never replaced (only merged with a folder).
    const QByteArray key = parts.mid(0, parts.size() - 1).join('/');
    if (m_cachedFd >= 0 && key == m_cachedKey)
        return m_cachedFd;
    dropCache();
    const int fd = walk(parts, parts.size() - 1, create, entry, error);
    if (fd >= 0) {
        m_cachedFd = fd;
        m_cachedKey = key;
    }
    return fd;
}

void StagingFolder::dropCache()
{
    if (m_cachedFd >= 0)
        ::close(m_cachedFd);
    m_cachedFd = -1;
    m_cachedKey.clear();
}

TaskError StagingFolder::existing(int dirFd, const QByteArray &name, mode_t wanted, const QString &entry,
                                  bool *replace)
{
    struct stat st;
    if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return systemError(errno, m_path + u'/' + entry);
    const mode_t type = st.st_mode & S_IFMT;
    if (type != wanted) {
        return EntryPolicy::refusal(entry, u"a duplicate entry would replace a %1 with a %2"_s
                                               .arg(kindName(type), kindName(wanted)));
    }
    *replace = wanted != S_IFDIR;
    if (*replace && ::unlinkat(dirFd, name.constData(), 0) != 0)
        return systemError(errno, m_path + u'/' + entry);
    return {};
}

TaskError StagingFolder::makeFolder(const QByteArrayList &parts, mode_t mode, const QString &entry)
{
    TaskError error;
    const int dir = parentFolder(parts, true, entry, &error);
    if (dir < 0)
        return error;
    if (::mkdirat(dir, parts.last().constData(), mode) == 0)
        return {};
    if (errno != EEXIST)
        return systemError(errno, m_path + u'/' + entry);
    bool replace = false;  // an existing folder merges; its mode stays as first created
    return existing(dir, parts.last(), S_IFDIR, entry, &replace);
}

TaskError StagingFolder::makeSymlink(const QByteArrayList &parts, const QByteArray &target, const QString &entry)
{
    TaskError error;
    const int dir = parentFolder(parts, true, entry, &error);
    if (dir < 0)
        return error;
    return createReplacing(dir, parts.last(), S_IFLNK, entry,
                           [&] { return ::symlinkat(target.constData(), dir, parts.last().constData()); });
}

// Runs `create` (a syscall returning 0 or -1 with errno); when the name is taken by an earlier entry of
// the same kind, existing() clears it (the later entry wins, as in tar) and `create` runs once more.
TaskError StagingFolder::createReplacing(int dir, const QByteArray &name, mode_t kind, const QString &entry,
                                         const std::function<int()> &create)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (create() == 0)
            return {};
        if (errno != EEXIST || attempt > 0)
            break;
        bool replace = false;
        if (TaskError e = existing(dir, name, kind, entry, &replace); e.isError())
            return e;
    }
    return systemError(errno, m_path + u'/' + entry);
}

TaskError StagingFolder::makeHardlink(const QByteArrayList &parts, const QByteArrayList &targetParts,
                                      const QString &entry)
{
    if (parts == targetParts)
        return {};  // a link to itself changes nothing
    TaskError error;
    const int targetDir = walk(targetParts, targetParts.size() - 1, false, entry, &error);
    if (targetDir < 0)
        return error;
    const auto closeTarget = qScopeGuard([targetDir] { ::close(targetDir); });
    const QByteArray &targetName = targetParts.last();
    const QString shownTarget = QString::fromUtf8(targetParts.join('/'));
    struct stat st;
    if (::fstatat(targetDir, targetName.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        return EntryPolicy::refusal(entry, u"hardlink to '%1', which was not extracted before it"_s
                                               .arg(shownTarget));
    }
    if (!S_ISREG(st.st_mode)) {
        return EntryPolicy::refusal(entry, u"hardlink to '%1', which is a %2, not a file"_s
                                               .arg(shownTarget, kindName(st.st_mode & S_IFMT)));
    }
    const int dir = parentFolder(parts, true, entry, &error);
    if (dir < 0)
        return error;
    // Flags 0: never follows a symlink, and the target was just seen to be a regular file.
    return createReplacing(dir, parts.last(), S_IFREG, entry, [&] {
        return ::linkat(targetDir, targetName.constData(), dir, parts.last().constData(), 0);
    });
}

TaskError StagingFolder::createFile(const QByteArrayList &parts, mode_t mode, const QString &entry, int *fd)
{
    TaskError error;
    const int dir = parentFolder(parts, true, entry, &error);
    if (dir < 0)
        return error;
    return createReplacing(dir, parts.last(), S_IFREG, entry, [&] {
        *fd = ::openat(dir, parts.last().constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        return *fd >= 0 ? 0 : -1;
    });
}

TaskError StagingFolder::reopenFile(const QByteArrayList &parts, const QString &entry, int *fd)
{
    TaskError error;
    const int dir = parentFolder(parts, false, entry, &error);
    if (dir < 0)
        return error;
    *fd = ::openat(dir, parts.last().constData(), O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (*fd < 0)
        return systemError(errno, m_path + u'/' + entry);
    struct stat st;
    if (::fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(*fd);
        *fd = -1;
        return EntryPolicy::refusal(entry, u"it is not a file"_s);
    }
    return {};
}

TaskError StagingFolder::publish(const QString &name, QString *publishedPath)
{
    dropCache();
    // mkdirat gave the staging folder 0700; the published one gets the usual folder permissions.
    ::fchmod(m_fd, 0777 & ~currentUmask());
    for (int n = 0; n < 10000; ++n) {
        const QString candidate = n == 0 ? name : name + u" (" + QString::number(n) + u')';
        const QByteArray target = QFile::encodeName(candidate);
        int rc = ::renameat2(m_targetFd, m_name.constData(), m_targetFd, target.constData(), RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            // No RENAME_NOREPLACE here: reserve the name with an empty folder, which rename() may replace.
            if (::mkdirat(m_targetFd, target.constData(), 0700) != 0)
                rc = -1;
            else if ((rc = ::renameat(m_targetFd, m_name.constData(), m_targetFd, target.constData())) != 0)
                ::unlinkat(m_targetFd, target.constData(), AT_REMOVEDIR);
        }
        if (rc == 0) {
            m_published = true;
            *publishedPath = m_targetPath + u'/' + candidate;
            ::close(m_fd);
            m_fd = -1;
            releaseLock();
            return {};
        }
        if (errno != EEXIST && errno != ENOTEMPTY)
            return systemError(errno, m_targetPath + u'/' + candidate);
    }
    return { TaskError::Code::FileSystem, u"No free name for %1 in %2"_s.arg(name, m_targetPath),
             u"10000 numbered names are taken"_s };
}

void StagingFolder::remove()
{
    dropCache();
    bool leftOver = false;
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
        leftOver = !m_published && !removeTree(m_targetFd, m_name.constData());
        if (leftOver)
            qWarning("Ferry: could not remove all of the staging folder %s", qPrintable(m_path));
    }
    releaseLock(leftOver);
    if (m_targetFd >= 0) {
        ::close(m_targetFd);
        m_targetFd = -1;
    }
}

} // namespace Ferry
