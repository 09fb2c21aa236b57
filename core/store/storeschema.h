#pragma once

#include "task/taskerror.h"

#include <QSqlDatabase>

namespace Ferry {

// The task database's layout and its history. PRAGMA application_id says the file is Ferry's,
// PRAGMA user_version says which layout it has.
//
// To add version 2: write `static bool migrateTo2(QSqlQuery &query)` (ALTER TABLE ..., data
// fix-ups), append `{ 2, &migrateTo2 }` to the steps in storeschema.cpp and set CurrentVersion to 2.
// upgrade() then runs every missing step in order, in one transaction with the version bump, so a
// kill during a migration leaves the old version intact.
class StoreSchema
{
public:
    static constexpr int CurrentVersion = 1;
    static constexpr qint32 ApplicationId = 0x46525259; // "FRRY"

    enum class Kind {
        Empty,   // a new or zero-length file: create the schema
        Ferry,   // ours, at version(); upgrade() when older than CurrentVersion
        Foreign, // SQLite, but another program's, or our header over other tables
        Newer,   // ours, from a Ferry that knows a later layout
        Corrupt, // not SQLite at all, or quick_check failed
        Unreadable, // locked or an I/O error: nothing is known about the content
    };

    struct Inspection
    {
        Kind kind = Kind::Corrupt;
        int version = 0;
        QString detail; // what made it Foreign, Newer or Corrupt, for the log
    };

    // Runs PRAGMA quick_check and reads the header pragmas. Reads only.
    static Inspection inspect(QSqlDatabase &db);

    // Brings an Empty (from = 0) or older Ferry database to CurrentVersion in one transaction.
    static TaskError upgrade(QSqlDatabase &db, int from);

private:
    static constexpr int SqliteCorrupt = 11;
    static constexpr int SqliteNotADatabase = 26;

    // The tables and columns CurrentVersion reads and writes are all there.
    static bool hasCurrentTables(QSqlDatabase &db, QString &detail);
    static bool createVersion1(QSqlQuery &query);
};

} // namespace Ferry
