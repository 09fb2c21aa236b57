#pragma once

#include "task/taskerror.h"

class QSqlError;

namespace Ferry {

// A failed SQLite call as a TaskError: message is the sentence for the user, the code follows
// SQLite's result code (full disk, read-only file, refused constraint, the rest is FileSystem) and
// the detail carries the driver's text.
TaskError storeError(const QString &message, const QSqlError &error);

} // namespace Ferry
