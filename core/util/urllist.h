#pragma once

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

} // namespace Ferry
