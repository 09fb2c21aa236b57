#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace Ferry::Test {

// Writes an archive with libarchive: format "ustar", "zip", "7zip" or "raw" (one compressed file),
// filter "gzip", "xz", "none"... Entries are (path, data) regular files. Returns libarchive's
// complaint, empty on success.
QString writeArchive(const QString &path, const QByteArray &format, const QByteArray &filter,
                     const QList<QPair<QByteArray, QByteArray>> &entries);

} // namespace Ferry::Test
