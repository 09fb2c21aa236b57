#pragma once

#include "store/storedtask.h"
#include "task/taskerror.h"

#include <QList>
#include <QString>

#include <memory>

class QThread;

namespace Ferry {

// The queue on disk: every task, its state, pipeline and resume data in one SQLite database
// (WAL, synchronous=NORMAL). Every write is one transaction, so a kill -9 loses at most the writes
// since the last call (the engine saves about once a second) and never leaves a torn store.
//
// Threading: a QSqlDatabase connection belongs to the thread that opened it. A TaskStore is used
// from ONE thread, the one that calls open() (the engine thread); every call after that must come
// from the same thread, including the destructor. Two stores in one process use two connections.
//
// A database that is damaged, not SQLite, another program's, or from a newer Ferry is never
// deleted: open() renames it (with its -wal and -shm files) to "<path>.corrupt-YYYYMMDD-HHMMSS",
// starts an empty store and says so through recovery(). Files that are locked or unreadable are
// an error from open(), never set aside.
//
// Reads go through a memory map (PRAGMA mmap_size); PRAGMA quick_check runs on every open.
class TaskStore final
{
public:
    TaskStore();
    ~TaskStore();
    Q_DISABLE_COPY_MOVE(TaskStore)

    // Opens or creates the database at path; the caller picks the file (normally in
    // QStandardPaths::AppDataLocation). Missing folders are created. An error means the store is
    // unusable (the folder cannot be made, the file cannot be written); a damaged file is not an
    // error but a recovery().
    TaskError open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }

    // Set when the last open() found a database it could not use and set it aside: show
    // message() to the user. isError() is false when nothing was set aside.
    TaskError recovery() const { return m_recovery; }
    QString setAsidePath() const { return m_setAsidePath; }

    // Every task ordered by id. On error the list is empty and *error says why.
    QList<StoredTask> loadAll(TaskError *error = nullptr) const;

    // Adds tasks in one transaction. An id of 0 is assigned by the store and written back; a given
    // id must be free. dependsOn must name tasks that exist (or come earlier in the same list).
    TaskError insert(QList<StoredTask> &tasks);
    TaskError insert(StoredTask &task);

    // Rewrites every field of existing tasks, dependencies included, in one transaction.
    TaskError update(const QList<StoredTask> &tasks);
    TaskError update(const StoredTask &task) { return update(QList<StoredTask>{ task }); }

    // The engine's once-a-second checkpoint: rewrites the row of every changed task (not its
    // dependencies, which change only through update()) in ONE transaction. All or nothing: an
    // unknown id rolls the whole batch back.
    TaskError saveProgress(const QList<StoredTask> &tasks);

    // Deletes tasks in one transaction; their dependency links (both directions) go with them.
    // Unknown ids are ignored.
    TaskError remove(const QList<quint64> &ids);

private:
    struct Connection;

    TaskError openConnection();
    TaskError prepareDatabase();
    TaskError configure();
    TaskError prepareStatements();
    TaskError setAside(const TaskError &reason);
    TaskError writeRows(const QList<StoredTask> &tasks, bool withDependencies);
    bool checkThread() const;

    std::unique_ptr<Connection> m_connection;
    QString m_path;
    TaskError m_recovery;
    QString m_setAsidePath;
    QThread *m_thread = nullptr;
};

} // namespace Ferry
