#pragma once

#include "steps/archivelimits.h"
#include "task/taskerror.h"

#include <QMetaType>
#include <QPromise>
#include <QString>

namespace Ferry {

struct DecompressParams
{
    QString path; // a .gz, .bz2, .xz, .lzma, .zst or .lz4 file (recognised by content)
    QString outputFolder; // default: the input's folder
    // Against decompression bombs, shared with extraction: the output may not pass maxTotalBytes nor
    // maxEntryBytes, and once past ratioMinBytes not maxRatio times the compressed bytes read so far.
    // The entry count, depth and path limits do not apply to a single file.
    ArchiveLimits limits;
};

struct DecompressResult
{
    QString outputPath; // the published file
    QString filters; // what was undone, in the name's order: "gzip", "gzip, xz" for x.gz.xz
    qint64 inputBytes = 0;
    qint64 outputBytes = 0;
    TaskError error;
};

// Decompresses one file (not an archive: x.tar.gz gives x.tar) with libarchive's raw format.
// The output streams into a temporary file beside its final place and is published with a no-replace
// rename only when complete, under the input's name minus its compression suffix (numbered when
// taken). An error, a bomb limit or a cancel leaves no output. Progress is per-mille of the
// compressed bytes consumed.
void decompressStep(QPromise<DecompressResult> &promise, const DecompressParams &params);

// The output name for an input name that went through `layers` compressions: "x.tar.gz" -> "x.tar",
// "x.tgz" -> "x.tar", unknown suffixes are kept ("data" -> "data", numbered on publishing).
QString decompressedName(const QString &fileName, int layers = 1);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::DecompressResult)
