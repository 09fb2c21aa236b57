#pragma once

#include "steps/filedigester.h"
#include "task/taskerror.h"
#include "util/hasher.h"

#include <QList>
#include <QMetaType>
#include <QPromise>
#include <QString>

namespace Ferry {

struct HashParams
{
    QString path; // a file, or a folder: then every regular file in it, recursively, sorted by name
    QList<HashAlgorithm> algorithms { HashAlgorithm::Sha256 }; // all computed in one read pass
    bool folderAllowed = true; // false: a folder is an error ("a folder where a file was expected")
    qint64 chunkSize = FileDigester::DefaultChunkSize;
};

struct HashResult
{
    QList<FileDigests> files; // in name order; one entry for a single file
    qint64 totalBytes = 0;
    TaskError error; // set when a file could not be hashed; files then holds those before it
};

// Hashes one file or a folder. Progress is per-mille of the bytes of all the files. A cancel (checked
// between chunks) ends the step without a result, so the future reports cancelled.
// Folders: regular files only, hidden ones included; symlinks and special files are skipped, so the
// walk never leaves the folder.
void hashStep(QPromise<HashResult> &promise, const HashParams &params);

struct Sha256SumsParams
{
    QString folder;
    QString fileName = QStringLiteral("SHA256SUMS"); // written inside the folder, left out of itself
    qint64 chunkSize = FileDigester::DefaultChunkSize;
};

struct Sha256SumsResult
{
    QString path; // the checksum file written
    QList<FileDigests> files;
    TaskError error;
};

// Hashes every regular file in the folder and writes a `sha256sum -c`-compatible list with names
// relative to the folder. The file is written through QSaveFile and committed only when every file
// was hashed: an error or a cancel leaves any earlier list untouched and no new one behind.
void sha256SumsStep(QPromise<Sha256SumsResult> &promise, const Sha256SumsParams &params);

// The lines `sha256sum` prints for these files (relativePath, SHA-256 digest): "<hex>  <name>\n",
// and GNU escaping ("\<hex>  <name with \\, \n, \r>") for names holding a backslash or line break.
QByteArray formatSha256Sums(const QList<FileDigests> &files);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::HashResult)
Q_DECLARE_METATYPE(Ferry::Sha256SumsResult)
