#pragma once

#include "task/taskerror.h"

#include <QDateTime>
#include <QString>

namespace Ferry {

// The files around the task database: its folder, and setting a bad database aside.
class StoreFile
{
public:
    // Creates the folder that will hold path. Fails when a part of it is a file or unwritable.
    static TaskError makeFolder(const QString &path);

    // Renames path, and its -wal and -shm companions, to "<path>.corrupt-YYYYMMDD-HHMMSS" (with
    // "-2", "-3"... when that exists). The WAL must move too: left behind, SQLite would replay it
    // into the fresh database. Returns the new name of the main file; *error is set on failure
    // (and nothing has been deleted either way).
    static QString setAside(const QString &path, const QDateTime &now, TaskError *error);

    static QString walPath(const QString &path) { return path + QStringLiteral("-wal"); }
    static QString shmPath(const QString &path) { return path + QStringLiteral("-shm"); }
};

} // namespace Ferry
