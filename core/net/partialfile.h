#pragma once

#include "task/taskerror.h"

#include <QString>

#include <memory>

namespace Ferry {

// The user's chosen folder, held open as a directory descriptor so every file operation is relative to
// it: a name can never climb out (names are single components), and a symlink planted at a partial or
// final name is never followed (O_NOFOLLOW, rename with RENAME_NOREPLACE).
class TargetFolder
{
public:
    explicit TargetFolder(QString path);
    ~TargetFolder();
    TargetFolder(const TargetFolder &) = delete;
    TargetFolder &operator=(const TargetFolder &) = delete;

    // Creates the folder if missing, then opens it. Errors name the folder and the reason.
    TaskError open();
    // Moves down into the subfolder `name` (one component), creating it, never through a symlink:
    // from then on this is that folder. Opens this folder first if needed.
    TaskError enter(const QString &name);
    QString path() const { return m_path; }
    QString filePath(const QString &name) const;
    int fd() const { return m_fd; }

    bool exists(const QString &name) const;  // lstat: a dangling symlink exists too
    bool remove(const QString &name) const;
    qint64 freeBytes() const;                // -1 when unknown

    // Moves `from` to the first free name among FileNames::numbered(wanted, 0, 1, ...), never replacing
    // anything. On success *published is the name it got.
    TaskError publish(const QString &from, const QString &wanted, QString *published) const;

private:
    // Why `name` cannot be found: this folder was deleted (its descriptor still works, but it has no
    // links left), or the file inside it was.
    TaskError missingError(const QString &name, int err) const;

    QString m_path;
    int m_fd = -1;
};

// An open partial file: created exclusively or reopened without following symlinks, and locked with
// flock() so two processes (or two downloads) never write into the same one.
class PartialFile
{
public:
    enum class OpenMode { CreateNew, OpenExisting };
    enum class OpenResult { Opened, Exists, Missing, Busy, Failed };

    PartialFile() = default;
    ~PartialFile();
    PartialFile(const PartialFile &) = delete;
    PartialFile &operator=(const PartialFile &) = delete;

    OpenResult open(const TargetFolder &folder, const QString &name, OpenMode mode, TaskError *error);
    void close();
    bool isOpen() const { return m_fd >= 0; }
    int fd() const { return m_fd; }
    QString name() const { return m_name; }

    // Writes all of data at offset (retrying short writes and EINTR). *written counts the bytes that
    // landed, also when an error (a full disk, a file-size limit) stopped the rest.
    TaskError write(qint64 offset, const char *data, qint64 size, qint64 *written = nullptr);
    TaskError truncate(qint64 size);
    TaskError allocate(qint64 size);  // reserve blocks so a full disk shows up before the first byte
    qint64 size() const;

    // errno after a failed file operation, as a typed error mentioning `what` (e.g. the file name).
    static TaskError errorFromErrno(int err, const QString &what);

private:
    int m_fd = -1;
    QString m_name;
};

} // namespace Ferry
