#pragma once

#include "task/taskerror.h"
#include "util/hasher.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <functional>
#include <vector>

namespace Ferry {

// The digests of one file, one per requested algorithm.
struct FileDigests
{
    QString path; // absolute
    QString relativePath; // to the folder that was hashed; the file name for a single file
    qint64 size = 0;
    QMap<HashAlgorithm, QByteArray> digests; // raw bytes, not hex

    QByteArray digest(HashAlgorithm algorithm) const { return digests.value(algorithm); }
};

// Reads files in big chunks through one reused buffer and feeds every chunk to all the requested
// hashers, so several algorithms cost one read pass. Shared by the hash and verify steps; touches no
// QObject and keeps no state between files except the buffer.
class FileDigester
{
public:
    enum class Outcome { Done, Stopped, Failed };

    static constexpr qint64 DefaultChunkSize = 2 * 1024 * 1024;

    explicit FileDigester(QList<HashAlgorithm> algorithms, qint64 chunkSize = DefaultChunkSize);

    // Hashes `path` into *out (path, size and digests; relativePath is left alone). After each chunk
    // it calls onChunk(bytes read so far from this file); when that returns false the read stops and
    // the outcome is Stopped (a cancel). Failed sets *error: missing, unreadable, not a regular file.
    Outcome digest(
        const QString &path, const std::function<bool(qint64)> &onChunk, FileDigests *out, TaskError *error);

    // A regular file (not a folder, FIFO or device), following symlinks; else a user-facing error.
    static TaskError checkRegularFile(const QString &path);

private:
    QList<HashAlgorithm> m_algorithms;
    std::vector<char> m_buffer;
};

} // namespace Ferry
