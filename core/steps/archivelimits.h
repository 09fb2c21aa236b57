#pragma once

#include <QtGlobal>

namespace Ferry {

// Ceilings that keep a hostile or broken archive from filling the disk or exhausting inodes. Each is
// checked as the data streams, and against the sizes headers announce before a byte is written; going
// over one fails the whole extraction with an error that names the limit. Zero or less disables one.
struct ArchiveLimits
{
    qint64 maxTotalBytes = qint64(64) << 30;   // everything written, all entries together
    qint64 maxEntryBytes = qint64(16) << 30;   // one file
    qint64 maxEntries = 500000;                // headers read, of any type
    // Output over archive size. Real data rarely passes 20:1 (text with xz); zero-filled bombs reach
    // 1000:1 (gzip) or more (xz, zstd). The ratio only applies once the output passes ratioMinBytes,
    // so a small archive of sparse or repetitive files still extracts.
    double maxRatio = 200.0;
    qint64 ratioMinBytes = qint64(64) << 20;
    int maxDepth = 256;            // path components
    int maxPathBytes = 4096;       // one path (PATH_MAX)
};

} // namespace Ferry
