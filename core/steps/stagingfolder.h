#pragma once

#include <functional>

#include "task/taskerror.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>
#include <QStringList>

#include <sys/types.h>

namespace Ferry {

// The hidden folder an archive is extracted into (".ferry-extract-XXXXXX" inside the target folder),
// moved into place under its final name only when everything succeeded, removed otherwise.
//
// Every operation works on directory descriptors: each folder on an entry's path is opened with
// O_NOFOLLOW, files are created with O_EXCL|O_NOFOLLOW, so nothing is ever written through a symlink
// and nothing can land outside, whatever the archive did before. This is also why Ferry does not use
// archive_write_disk: it resolves paths against the process's working directory, and chdir() is not
// something a thread of a multi-threaded program may do.
//
// Each staging folder has a sibling lock file ("<name>.lock") that its owner holds with flock() from
// before the folder exists until after it is gone or published. The kernel drops the lock when the
// owner dies, even by SIGKILL, so create() can tell a folder a killed run left (lock file present, lock
// free) from one a live extraction uses (lock held, in this process or another) and removes only the
// former. Folders without a lock file are never touched: Ferry always makes the lock first.
//
// Paths are entry components already vetted by EntryPolicy. `entry` is the entry's name for errors.
// A duplicate entry may replace an earlier one of the same kind (tar's "the last one wins"; folders
// merge); replacing one kind with another (a symlink with a file) is refused.
class StagingFolder
{
public:
    StagingFolder() = default;
    ~StagingFolder();  // removes the staging tree unless it was published
    StagingFolder(const StagingFolder &) = delete;
    StagingFolder &operator=(const StagingFolder &) = delete;

    // Opens (creating it if missing) `targetFolder`, removes the staging folders killed runs left
    // there, and makes the staging folder inside it.
    TaskError create(const QString &targetFolder);
    QString path() const { return m_path; }
    // What create() cleaned up (and what it could not), for the task's log.
    QStringList cleanupLog() const { return m_cleanupLog; }

    TaskError makeFolder(const QByteArrayList &parts, mode_t mode, const QString &entry);
    TaskError makeSymlink(const QByteArrayList &parts, const QByteArray &target, const QString &entry);
    // Links `parts` to the regular file at `targetParts` (both inside the staging folder).
    TaskError makeHardlink(const QByteArrayList &parts, const QByteArrayList &targetParts, const QString &entry);
    // A new regular file, open for writing (*fd, to be closed by the caller).
    TaskError createFile(const QByteArrayList &parts, mode_t mode, const QString &entry, int *fd);
    // An existing regular file (a hardlink just made), truncated and open for writing.
    TaskError reopenFile(const QByteArrayList &parts, const QString &entry, int *fd);

    // Moves the folder to `name` in the target folder, or "name (1)", "name (2)"... never replacing
    // anything; *publishedPath gets the absolute path.
    TaskError publish(const QString &name, QString *publishedPath);
    // Deletes the staging tree (never following a symlink). Safe to call more than once.
    void remove();

    // errno as a TaskError about `what`.
    static TaskError systemError(int err, const QString &what);

private:
    // The folder holding entry `parts` (all but the last component), created if `create`.
    // Borrowed from the cache: do not close. -1 with *error set on failure.
    int parentFolder(const QByteArrayList &parts, bool create, const QString &entry, TaskError *error);
    int walk(const QByteArrayList &parts, qsizetype count, bool create, const QString &entry, TaskError *error);
    void dropCache();
    void removeAbandoned();
    void releaseLock(bool keepFile = false);
    TaskError existing(int dirFd, const QByteArray &name, mode_t wanted, const QString &entry, bool *replace);
    TaskError createReplacing(int dir, const QByteArray &name, mode_t kind, const QString &entry,
                              const std::function<int()> &create);

    QString m_targetPath;
    QString m_path;
    QByteArray m_name;      // the staging folder's name inside the target folder
    int m_targetFd = -1;
    int m_fd = -1;          // the staging folder
    int m_lockFd = -1;      // "<m_name>.lock" in the target folder, flock()ed while we live
    QStringList m_cleanupLog;
    bool m_published = false;
    QByteArray m_cachedKey; // parent components joined, of m_cachedFd
    int m_cachedFd = -1;
};

} // namespace Ferry
