#include "store/storeschema.h"

#include "store/storeerror.h"
#include "store/taskrow.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

struct MigrationStep
{
    int version;                    // the user_version this step produces
    bool (*apply)(QSqlQuery &query);
};

// Runs one statement; false (with query.lastError() set) when SQLite refused it.
bool run(QSqlQuery &query, const QString &sql)
{
    return query.exec(sql);
}

// One integer from a statement that returns a single row; false (with detail) when it fails.
bool readPragma(QSqlDatabase &db, const QString &sql, qint64 &value, QString &detail)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql) || !query.next()) {
        detail = sql + u": " + query.lastError().text();
        return false;
    }
    value = query.value(0).toLongLong();
    return true;
}

} // namespace

StoreSchema::Inspection StoreSchema::inspect(QSqlDatabase &db)
{
    Inspection result;
    {
        // quick_check is O(N) but skips index cross-checks: a few ms for 10,000 tasks. A file that
        // is not SQLite fails right here with "file is not a database".
        QSqlQuery check(db);
        check.setForwardOnly(true);
        if (!check.exec(u"PRAGMA quick_check"_s)) {
            result.detail = check.lastError().text();
            // Only "not a database" and "malformed" condemn the file; a lock or an I/O error
            // says nothing about its content, and setting aside a live database would lose it.
            const int code = check.lastError().nativeErrorCode().toInt() & 0xff;
            if (code != SqliteCorrupt && code != SqliteNotADatabase)
                result.kind = Kind::Unreadable;
            return result;
        }
        QStringList problems;
        while (check.next() && problems.size() < 5)
            problems << check.value(0).toString();
        if (problems != QStringList{ u"ok"_s }) {
            result.detail = u"quick_check: " + problems.join(u"; ");
            return result;
        }
    }

    qint64 applicationId = 0;
    qint64 version = 0;
    qint64 objects = 0;
    if (!readPragma(db, u"PRAGMA application_id"_s, applicationId, result.detail)
        || !readPragma(db, u"PRAGMA user_version"_s, version, result.detail)
        || !readPragma(db, u"SELECT count(*) FROM sqlite_master"_s, objects, result.detail)) {
        return result; // Corrupt
    }
    result.version = int(version);

    if (applicationId == 0 && version == 0 && objects == 0) {
        result.kind = Kind::Empty;
    } else if (applicationId != ApplicationId) {
        result.kind = Kind::Foreign;
        result.detail = u"application_id %1, user_version %2, %3 schema objects"_s
                            .arg(applicationId).arg(version).arg(objects);
    } else if (version > CurrentVersion) {
        result.kind = Kind::Newer;
        result.detail = u"schema version %1, this Ferry knows up to %2"_s.arg(version).arg(CurrentVersion);
    } else if (version < 1) {
        result.kind = Kind::Foreign;
        result.detail = u"Ferry's application_id without a schema version"_s;
    } else if (version == CurrentVersion && !hasCurrentTables(db, result.detail)) {
        result.kind = Kind::Foreign; // our header over someone else's tables: do not touch it
    } else {
        result.kind = Kind::Ferry;
    }
    return result;
}

bool StoreSchema::hasCurrentTables(QSqlDatabase &db, QString &detail)
{
    // Preparing is enough: SQLite checks every named table and column, and reads no row.
    QSqlQuery query(db);
    for (const QString &sql : { QString(u"SELECT id, " + TaskRow::columns() + u" FROM tasks"),
                                u"SELECT task_id, depends_on, position FROM task_dependencies"_s }) {
        if (!query.prepare(sql)) {
            detail = query.lastError().text();
            return false;
        }
    }
    return true;
}

TaskError StoreSchema::upgrade(QSqlDatabase &db, int from)
{
    // Every layout change ever made, oldest first. Never edit a step once released: add one.
    static const MigrationStep steps[] = {
        { 1, &createVersion1 },
    };
    static_assert(sizeof(steps) / sizeof(steps[0]) == CurrentVersion,
                  "one migration step per schema version");

    if (from >= CurrentVersion)
        return {};
    if (!db.transaction())
        return storeError(u"Could not start updating the task list."_s, db.lastError());
    QSqlQuery query(db);
    for (const MigrationStep &step : steps) {
        if (step.version <= from)
            continue;
        // PRAGMA takes no bound parameters; the number is ours, not input.
        if (!step.apply(query)
            || !run(query, u"PRAGMA user_version = %1"_s.arg(step.version))) {
            const TaskError error = storeError(
                u"Could not update the task list to layout %1."_s.arg(step.version), query.lastError());
            query.finish();
            db.rollback();
            return error;
        }
    }
    query.finish();
    if (!db.commit()) {
        const TaskError error = storeError(u"Could not update the task list."_s, db.lastError());
        db.rollback();
        return error;
    }
    return {};
}

bool StoreSchema::createVersion1(QSqlQuery &query)
{
    // Times are milliseconds since the epoch (UTC), NULL when unset. JSON columns are BLOBs the
    // store never parses.
    return run(query, u"PRAGMA application_id = %1"_s.arg(ApplicationId))
        && run(query,
               u"CREATE TABLE tasks ("
               "  id INTEGER PRIMARY KEY,"
               "  kind TEXT,"
               "  title TEXT,"
               "  url TEXT,"
               "  directory TEXT,"
               "  file_name TEXT,"
               "  state INTEGER NOT NULL DEFAULT 0,"
               "  state_detail TEXT,"
               "  bytes_done INTEGER NOT NULL DEFAULT 0,"
               "  bytes_total INTEGER NOT NULL DEFAULT -1,"
               "  pipeline BLOB,"
               "  resume BLOB,"
               "  error BLOB,"
               "  added_ms INTEGER,"
               "  started_ms INTEGER,"
               "  finished_ms INTEGER,"
               "  priority INTEGER NOT NULL DEFAULT 0)"_s)
        // position keeps the order the engine gave; the index on depends_on makes the cascade
        // from a deleted task a lookup instead of a scan.
        && run(query,
               u"CREATE TABLE task_dependencies ("
               "  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
               "  depends_on INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
               "  position INTEGER NOT NULL,"
               "  PRIMARY KEY (task_id, depends_on)) WITHOUT ROWID"_s)
        && run(query,
               u"CREATE INDEX task_dependencies_depends_on ON task_dependencies(depends_on)"_s);
}

} // namespace Ferry
