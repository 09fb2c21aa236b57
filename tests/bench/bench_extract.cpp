// Runs Ferry's extract step on an archive the way the application does (QtConcurrent::run on a pool
// of its own) and prints "ferry-extract <seconds> <entries> <bytes> <folder>" on stdout.
//
//   bench_extract ARCHIVE TARGET_FOLDER
//
// Limits are lifted except the defaults' entry count, so a big benchmark archive is never refused.

#include "steps/extractstep.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s ARCHIVE TARGET_FOLDER\n", argv[0]);
        return 2;
    }
    Ferry::ExtractParams params;
    params.archivePath = QString::fromLocal8Bit(argv[1]);
    params.targetFolder = QString::fromLocal8Bit(argv[2]);
    params.limits.maxRatio = 0;

    QThreadPool pool;
    pool.setMaxThreadCount(1);
    QElapsedTimer timer;
    timer.start();
    QFuture<Ferry::ExtractResult> future = QtConcurrent::run(&pool, Ferry::extractArchive, params);
    future.waitForFinished();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (future.resultCount() != 1) {
        std::fprintf(stderr, "bench_extract: no result\n");
        return 1;
    }
    const Ferry::ExtractResult result = future.result();
    if (result.error.isError()) {
        std::fprintf(stderr, "bench_extract: %s\n", qPrintable(result.error.toString()));
        return 1;
    }
    std::printf("ferry-extract %.3f %lld %lld %s\n", seconds, static_cast<long long>(result.entries),
                static_cast<long long>(result.bytes), qPrintable(result.folderPath));
    return 0;
}
