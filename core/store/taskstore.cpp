#include "store/taskstore.h"

#include "store/storeerror.h"
#include "store/storefile.h"
#include "store/storeschema.h"
#include "store/storetransaction.h"
#include "store/taskrow.h"

#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

Q_LOGGING_CATEGORY(lcStore, "ferry.store", QtInfoMsg)

namespace {

std::atomic<quint64> s_connectionSerial{ 0 };
constexpr qint64 MemoryMapBytes = 256 * 1024 * 1024;

TaskError noSuchTask(quint64 id)
{
    return TaskError(TaskError::Code::InvalidInput, u"The task list has no task #%1."_s.arg(id));
}

} // namespace

// The statements are prepared once per open and reused for every write.
struct TaskStore::Connection
{
    explicit Connection(const QString &connectionName) : name(connectionName) {}
    ~Connection()
    {
        // Queries first, then our handle, then the registry entry: removeDatabase() warns
        // "connection is still in use" while any QSqlQuery or QSqlDatabase copy is alive.
        statements.reset();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    Q_DISABLE_COPY_MOVE(Connection)

    struct Statements
    {
        explicit Statements(const QSqlDatabase &db)
            : insertTask(db), updateTask(db), insertDependency(db), clearDependencies(db), deleteTask(db)
        {
        }
        QSqlQuery insertTask;
        QSqlQuery updateTask;
        QSqlQuery insertDependency;
        QSqlQuery clearDependencies;
        QSqlQuery deleteTask;
    };

    QString name;
    QSqlDatabase db;
    int version = 0; // user_version as found on open, before any upgrade
    std::unique_ptr<Statements> statements;
};

TaskStore::TaskStore() = default;

TaskStore::~TaskStore()
{
    Q_ASSERT_X(!m_connection || checkThread(), "TaskStore", "destroyed on another thread than open()");
}

bool TaskStore::isOpen() const
{
    return m_connection && m_connection->statements;
}

void TaskStore::close()
{
    m_connection.reset();
}

bool TaskStore::checkThread() const
{
    const bool ok = m_thread == QThread::currentThread();
    Q_ASSERT_X(ok, "TaskStore", "used from another thread than the one that called open()");
    return ok;
}

TaskError TaskStore::open(const QString &path)
{
    close();
    m_path = path;
    m_recovery = {};
    m_setAsidePath.clear();
    m_thread = QThread::currentThread();

    if (TaskError error = StoreFile::makeFolder(path); error.isError())
        return error;
    if (QFileInfo(path).isDir()) {
        return TaskError(TaskError::Code::FileSystem,
                         u"The task list %1 is a folder, not a file."_s.arg(path));
    }
    if (TaskError error = openConnection(); error.isError())
        return error;

    const StoreSchema::Inspection found = StoreSchema::inspect(m_connection->db);
    QString reason;
    switch (found.kind) {
    case StoreSchema::Kind::Empty:
    case StoreSchema::Kind::Ferry:
        break;
    case StoreSchema::Kind::Unreadable:
        close();
        return TaskError(TaskError::Code::FileSystem, u"Cannot read the task list %1."_s.arg(path),
                         found.detail);
    case StoreSchema::Kind::Corrupt:
        reason = u"The task list was damaged"_s;
        break;
    case StoreSchema::Kind::Foreign:
        reason = u"The task list file belongs to another program"_s;
        break;
    case StoreSchema::Kind::Newer:
        reason = u"The task list was written by a newer version of Ferry"_s;
        break;
    }
    if (!reason.isEmpty()) {
        if (TaskError error = setAside(TaskError(TaskError::Code::FileSystem, reason, found.detail));
            error.isError()) {
            return error;
        }
    }
    return prepareDatabase();
}

TaskError TaskStore::openConnection()
{
    const QString name = u"ferry-taskstore-"_s + QString::number(++s_connectionSerial);
    m_connection = std::make_unique<Connection>(name);
    m_connection->db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
    if (!m_connection->db.isValid()) {
        const QSqlError driverError = m_connection->db.lastError();
        close();
        return storeError(u"The SQLite driver for Qt is missing (package libqt6sql6-sqlite)."_s,
                          driverError);
    }
    m_connection->db.setDatabaseName(m_path);
    // Another Ferry holding the write lock for a moment should delay us, not fail us.
    m_connection->db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=2000"_s);
    if (!m_connection->db.open()) {
        const TaskError error = storeError(u"Cannot open the task list %1."_s.arg(m_path),
                                           m_connection->db.lastError());
        close();
        return error;
    }
    // Reads through a memory map: the open-time quick_check and loadAll then walk the file
    // without a pread and a copy per page (10,000 tasks load in about half the time). Writes still
    // go through the WAL. It touches no file, so it is safe before we know the file is ours.
    TaskError error;
    {
        QSqlQuery pragma(m_connection->db);
        if (!pragma.exec(u"PRAGMA mmap_size = %1"_s.arg(MemoryMapBytes)))
            error = storeError(u"Cannot open the task list %1."_s.arg(m_path), pragma.lastError());
    }
    if (error.isError())
        close(); // after the query is gone, so the connection is removed cleanly
    return error;
}

TaskError TaskStore::setAside(const TaskError &reason)
{
    close(); // SQLite must let go of the file and its WAL before they move
    TaskError error;
    const QString target = StoreFile::setAside(m_path, QDateTime::currentDateTime(), &error);
    if (error.isError())
        return error;
    m_setAsidePath = target;
    m_recovery = TaskError(reason.code(),
                           reason.message() + u". It was kept as " + target
                               + u" and Ferry starts with an empty list."_s,
                           reason.detail());
    qCWarning(lcStore).noquote() << m_recovery.toString();
    return openConnection();
}

// Connection settings, schema (created or upgraded) and the prepared statements. Closes the
// connection on failure.
TaskError TaskStore::prepareDatabase()
{
    TaskError error = configure();
    if (!error.isError())
        error = StoreSchema::upgrade(m_connection->db, m_connection->version);
    if (!error.isError())
        error = prepareStatements();
    if (error.isError())
        close(); // every QSqlQuery above is gone by now, so the connection can be removed cleanly
    return error;
}

TaskError TaskStore::configure()
{
    const QString failure = u"Cannot set up the task list %1."_s.arg(m_path);
    QSqlQuery pragma(m_connection->db);
    // WAL: a commit appends to the log, readers never block, and a kill -9 cannot tear a
    // transaction. synchronous=NORMAL syncs at checkpoints only: a process crash loses nothing
    // committed, a power cut at most the last commits.
    if (!pragma.exec(u"PRAGMA journal_mode = WAL"_s) || !pragma.next())
        return storeError(failure, pragma.lastError());
    if (pragma.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
        // Some file systems (network mounts) cannot share memory for WAL: the rollback journal
        // SQLite keeps instead is slower but just as safe.
        qCWarning(lcStore) << "WAL is not available for" << m_path << "- journal mode"
                           << pragma.value(0).toString();
    }
    pragma.finish();
    if (!pragma.exec(u"PRAGMA synchronous = NORMAL"_s) || !pragma.exec(u"PRAGMA foreign_keys = ON"_s)
        || !pragma.exec(u"PRAGMA user_version"_s) || !pragma.next()) {
        return storeError(failure, pragma.lastError());
    }
    m_connection->version = pragma.value(0).toInt();
    return {};
}

TaskError TaskStore::prepareStatements()
{
    auto statements = std::make_unique<Connection::Statements>(m_connection->db);
    const QString placeholders = u"?, "_s.repeated(TaskRow::FieldCount).chopped(2);
    QString setters;
    for (const QString &column : TaskRow::columns().split(u", "_s))
        setters += column + u" = ?, ";
    setters.chop(2);
    const std::pair<QSqlQuery *, QString> sql[] = {
        { &statements->insertTask,
          u"INSERT INTO tasks (id, " + TaskRow::columns() + u") VALUES (?, " + placeholders + u')' },
        { &statements->updateTask, u"UPDATE tasks SET " + setters + u" WHERE id = ?" },
        { &statements->insertDependency,
          u"INSERT INTO task_dependencies (task_id, depends_on, position) VALUES (?, ?, ?)"_s },
        { &statements->clearDependencies, u"DELETE FROM task_dependencies WHERE task_id = ?"_s },
        { &statements->deleteTask, u"DELETE FROM tasks WHERE id = ?"_s },
    };
    for (const auto &[query, text] : sql) {
        if (!query->prepare(text)) {
            // inspect() checked the tables; this is a migration that forgot a column.
            return TaskError(TaskError::Code::FileSystem,
                             u"The task list %1 does not have Ferry's tables."_s.arg(m_path),
                             query->lastError().text());
        }
    }
    m_connection->statements = std::move(statements);
    return {};
}

QList<StoredTask> TaskStore::loadAll(TaskError *error) const
{
    const auto fail = [&](const QSqlError &sqlError) {
        if (error)
            *error = storeError(u"Cannot read the task list %1."_s.arg(m_path), sqlError);
        return QList<StoredTask>();
    };
    if (error)
        *error = {};
    if (!isOpen() || !checkThread()) {
        if (error)
            *error = TaskError(TaskError::Code::InvalidInput, u"The task list is not open."_s);
        return {};
    }

    QSqlDatabase &db = m_connection->db;
    // One read transaction: the two queries see the same snapshot.
    StoreTransaction snapshot(db);
    QList<StoredTask> tasks;
    QHash<quint64, qsizetype> indexOf;
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT count(*) FROM tasks"_s) || !query.next())
            return fail(query.lastError());
        const qsizetype count = query.value(0).toLongLong();
        tasks.reserve(count);
        indexOf.reserve(count);
        query.finish();

        if (!query.exec(u"SELECT id, " + TaskRow::columns() + u" FROM tasks ORDER BY id"))
            return fail(query.lastError());
        while (query.next()) {
            tasks.append(TaskRow::read(query));
            indexOf.insert(tasks.constLast().id, tasks.size() - 1);
        }
        if (query.lastError().isValid())
            return fail(query.lastError());
    }
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT task_id, depends_on FROM task_dependencies ORDER BY task_id, position"_s))
            return fail(query.lastError());
        while (query.next()) {
            const auto at = indexOf.constFind(query.value(0).toULongLong());
            if (at != indexOf.constEnd()) // foreign keys guarantee it; stay safe if they were off
                tasks[*at].dependsOn.append(query.value(1).toULongLong());
        }
        if (query.lastError().isValid())
            return fail(query.lastError());
    }
    return tasks;
}

TaskError TaskStore::insert(StoredTask &task)
{
    QList<StoredTask> tasks{ task };
    const TaskError error = insert(tasks);
    if (!error.isError())
        task.id = tasks.constFirst().id;
    return error;
}

TaskError TaskStore::insert(QList<StoredTask> &tasks)
{
    if (!isOpen() || !checkThread())
        return TaskError(TaskError::Code::InvalidInput, u"The task list is not open."_s);
    const QString failure = u"Could not add to the task list."_s;
    Connection::Statements &s = *m_connection->statements;
    StoreTransaction transaction(m_connection->db);
    if (!transaction.isActive())
        return storeError(failure, m_connection->db.lastError());

    // Ids are written back only after the commit, so a failed insert leaves the list untouched.
    QList<quint64> ids;
    ids.reserve(tasks.size());
    for (const StoredTask &task : std::as_const(tasks)) {
        if (task.id > quint64(std::numeric_limits<qint64>::max()))
            return TaskError(TaskError::Code::InvalidInput, failure, u"id %1 is out of range"_s.arg(task.id));
        s.insertTask.bindValue(0, task.id == 0 ? QVariant(QMetaType::fromType<qint64>())
                                               : QVariant(qint64(task.id)));
        TaskRow::bind(s.insertTask, 1, task);
        if (!s.insertTask.exec())
            return storeError(failure, s.insertTask.lastError());
        ids.append(s.insertTask.lastInsertId().toULongLong());
    }
    for (qsizetype i = 0; i < tasks.size(); ++i) {
        const QList<quint64> &dependsOn = tasks.at(i).dependsOn;
        for (qsizetype position = 0; position < dependsOn.size(); ++position) {
            s.insertDependency.bindValue(0, qint64(ids.at(i)));
            s.insertDependency.bindValue(1, qint64(dependsOn.at(position)));
            s.insertDependency.bindValue(2, qint64(position));
            if (!s.insertDependency.exec())
                return storeError(failure, s.insertDependency.lastError());
        }
    }
    if (!transaction.commit())
        return storeError(failure, m_connection->db.lastError());
    for (qsizetype i = 0; i < tasks.size(); ++i)
        tasks[i].id = ids.at(i);
    return {};
}

TaskError TaskStore::update(const QList<StoredTask> &tasks)
{
    return writeRows(tasks, true);
}

TaskError TaskStore::saveProgress(const QList<StoredTask> &tasks)
{
    return writeRows(tasks, false);
}

TaskError TaskStore::writeRows(const QList<StoredTask> &tasks, bool withDependencies)
{
    if (!isOpen() || !checkThread())
        return TaskError(TaskError::Code::InvalidInput, u"The task list is not open."_s);
    if (tasks.isEmpty())
        return {};
    const QString failure = u"Could not save the task list."_s;
    Connection::Statements &s = *m_connection->statements;
    StoreTransaction transaction(m_connection->db);
    if (!transaction.isActive())
        return storeError(failure, m_connection->db.lastError());

    for (const StoredTask &task : tasks) {
        TaskRow::bind(s.updateTask, 0, task);
        s.updateTask.bindValue(TaskRow::FieldCount, qint64(task.id));
        if (!s.updateTask.exec())
            return storeError(failure, s.updateTask.lastError());
        if (s.updateTask.numRowsAffected() != 1)
            return noSuchTask(task.id);
        if (!withDependencies)
            continue;
        s.clearDependencies.bindValue(0, qint64(task.id));
        if (!s.clearDependencies.exec())
            return storeError(failure, s.clearDependencies.lastError());
        for (qsizetype position = 0; position < task.dependsOn.size(); ++position) {
            s.insertDependency.bindValue(0, qint64(task.id));
            s.insertDependency.bindValue(1, qint64(task.dependsOn.at(position)));
            s.insertDependency.bindValue(2, qint64(position));
            if (!s.insertDependency.exec())
                return storeError(failure, s.insertDependency.lastError());
        }
    }
    if (!transaction.commit())
        return storeError(failure, m_connection->db.lastError());
    return {};
}

TaskError TaskStore::remove(const QList<quint64> &ids)
{
    if (!isOpen() || !checkThread())
        return TaskError(TaskError::Code::InvalidInput, u"The task list is not open."_s);
    if (ids.isEmpty())
        return {};
    const QString failure = u"Could not remove from the task list."_s;
    Connection::Statements &s = *m_connection->statements;
    StoreTransaction transaction(m_connection->db);
    if (!transaction.isActive())
        return storeError(failure, m_connection->db.lastError());
    for (const quint64 id : ids) {
        s.deleteTask.bindValue(0, qint64(id)); // ON DELETE CASCADE takes the dependency links
        if (!s.deleteTask.exec())
            return storeError(failure, s.deleteTask.lastError());
    }
    if (!transaction.commit())
        return storeError(failure, m_connection->db.lastError());
    return {};
}

} // namespace Ferry
