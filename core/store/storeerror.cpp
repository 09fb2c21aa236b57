#include "store/storeerror.h"

#include <QSqlError>

namespace Ferry {

TaskError storeError(const QString &message, const QSqlError &error)
{
    // Qt's SQLite driver reports the primary result code; mask in case extended codes are on.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    TaskError::Code ferryCode = TaskError::Code::FileSystem;
    if (ok) {
        switch (code) {
        case 13: // SQLITE_FULL
            ferryCode = TaskError::Code::DiskFull;
            break;
        case 3:  // SQLITE_PERM
        case 8:  // SQLITE_READONLY
        case 23: // SQLITE_AUTH
            ferryCode = TaskError::Code::Permission;
            break;
        case 19: // SQLITE_CONSTRAINT: an unknown dependency, a duplicate id
            ferryCode = TaskError::Code::InvalidInput;
            break;
        default:
            break;
        }
    }
    QString detail = error.text();
    if (!error.nativeErrorCode().isEmpty())
        detail += u" [sqlite " + error.nativeErrorCode() + u']';
    return TaskError(ferryCode, message, detail);
}

} // namespace Ferry
