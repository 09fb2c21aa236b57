#pragma once

#include "steps/archivelimits.h"
#include "task/taskerror.h"

#include <QMetaType>
#include <QPromise>
#include <QString>
#include <QStringList>

namespace Ferry {

struct ExtractParams
{
    QString archivePath;
    // The further volumes of a split archive (x.7z.002, x.zip.002...), in order; archivePath is the
    // first. Read as one stream; the folder is named after the first.
    QStringList moreParts;
    QString targetFolder;  // where the new folder appears; empty: the archive's own folder
    QString folderName;    // empty: named after the archive ("photos.tar.gz" gives "photos")
    ArchiveLimits limits;
};

struct ExtractResult
{
    TaskError error;
    QString folderPath;  // the published folder, absolute; empty on error
    qint64 entries = 0;  // headers read
    qint64 bytes = 0;    // file bytes written
    QStringList log{};   // for the task's log: abandoned staging folders removed (or not) on the way
};

// The folder name an archive extracts to: its file name without the archive extensions
// (".tar.gz", ".tgz", ".zip", ".7z"...), sanitised as one path component; "archive" if nothing is left.
QString extractFolderName(const QString &archivePath);

// Extracts every format and filter libarchive reads (tar with gzip/bzip2/xz/zstd/lz4..., zip, 7z, cpio,
// ar, iso9660, rar...) into a hidden staging folder beside the target, then moves it into place as
// `folderName` (numbered when taken, never replacing). Any error, refusal or cancel removes the staging
// folder and changes nothing else. Entries are vetted by EntryPolicy and written by StagingFolder; the
// limits guard against bombs. Progress is per-mille of the archive's bytes consumed, with
// "N entries" as the progress text. Split archives are read when their further volumes are given
// (moreParts); passwords are not supported.
//
// Runs on a pool thread (QtConcurrent::run(pool, extractArchive, params)); touches no QObject.
// A cancelled run adds no result.
void extractArchive(QPromise<ExtractResult> &promise, const ExtractParams &params);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::ExtractResult)
