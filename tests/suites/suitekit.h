#pragma once

#include "net/downloadmanager.h"

#include <QString>
#include <QStringList>

// What the suites share: driving the engine to the end of one download, short retry waits, and a
// snapshot of a folder tree to prove nothing outside the target changed.
namespace Ferry::Test {

// Retries and stalls measured in milliseconds, so a matrix of faults runs in seconds.
DownloadOptions quickOptions();

// Adds the request and waits for its downloadFinished; after timeoutMs (a hang) the current snapshot,
// whose state is then not final.
DownloadSnapshot runToEnd(DownloadManager &manager, const DownloadRequest &request, int timeoutMs = 20000);

// Every entry below root (hidden ones and symlinks too, never followed) with its type, size, mode,
// mtime and symlink target, sorted; folders without mtime, which changes whenever a file comes or goes.
QStringList treeSnapshot(const QString &root);

// The lines of `after` that are not in `before` and the other way round, for a failure message.
QString treeDifference(const QStringList &before, const QStringList &after);

} // namespace Ferry::Test
