#pragma once

#include "task/taskerror.h"

#include <QList>
#include <QStringList>
#include <QUrl>

namespace Ferry {

// URLs typed, pasted or read from a list, one per line (whitespace also separates). Blank lines and
// '#' comment lines are skipped; an entry that is not an absolute http or https URL is kept verbatim
// in `rejected`, so it can be shown back, never dropped.
struct ParsedUrls
{
    QList<QUrl> urls;
    QStringList rejected;
    QList<int> rejectedLines;  // 0-based line numbers holding a rejected entry, ascending, unique
};
ParsedUrls parseUrlLines(const QStringList &lines);

// A URL list read from a file: its lines (UTF-8; "\r\n" or "\n"), or why it could not be read.
struct UrlListFile
{
    QStringList lines;
    TaskError error;
};
// Blocking file I/O: run it off the GUI thread. A file over maxBytes, or one holding NUL bytes (not
// text), is refused with a message rather than pasted into a dialog.
UrlListFile readUrlListFile(const QString &path, qint64 maxBytes = 16 << 20);
// One URL per line, fully encoded, through QSaveFile (an existing file is replaced only once the new
// one is complete). Blocking file I/O too.
TaskError writeUrlListFile(const QString &path, const QList<QUrl> &urls);

} // namespace Ferry
