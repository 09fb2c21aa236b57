#pragma once

#include "net/downloadmanager.h"
#include "support/downloadrun.h"

#include <QString>
#include <QStringList>

// What the suites share besides support/downloadrun.h: short retry waits, and a
// snapshot of a folder tree to prove nothing outside the target changed.
namespace Ferry::Test {

// Retries and stalls measured in milliseconds, so a matrix of faults runs in seconds.
DownloadOptions quickOptions();

// Every entry below root (hidden ones and symlinks too, never followed) with its type, size, mode,
// mtime and symlink target, sorted; folders without mtime, which changes whenever a file comes or goes.
QStringList treeSnapshot(const QString &root);

// The lines of `after` that are not in `before` and the other way round, for a failure message.
QString treeDifference(const QStringList &before, const QStringList &after);

} // namespace Ferry::Test
