#pragma once

#include "store/storedtask.h"

class QSqlQuery;

namespace Ferry {

// How a StoredTask maps to a row of the tasks table: the column list, binding and reading.
// Null and empty stay apart (NULL vs ''), times are UTC milliseconds, URLs their encoded form.
class TaskRow
{
public:
    static constexpr int FieldCount = 16; // every column but id

    // "kind, title, ..., priority": the FieldCount columns in bind() and read() order.
    static QString columns();

    // Binds the FieldCount fields to positional placeholders first .. first + FieldCount - 1.
    static void bind(QSqlQuery &query, int first, const StoredTask &task);

    // Reads a row selected as "id, " + columns(); dependsOn is left empty.
    static StoredTask read(const QSqlQuery &query);
};

} // namespace Ferry
