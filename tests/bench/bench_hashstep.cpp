// Runs Ferry's hash step the way the application will: each file is one hashStep() started with
// QtConcurrent::run on a QThreadPool this program owns. Prints "<hex>  <path>" per file on stdout (the
// format of sha256sum, so the caller can check every digest) and "seconds <wall time>" on stderr.
//
//   bench_hashstep [--threads N] [--algorithm sha256|sha512|sha1|md5] [--chunk BYTES] FILE...
//
// --threads defaults to the number of files: two files on two threads hash in parallel.

#include "steps/hashstep.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFuture>
#include <QStringList>
#include <QThreadPool>
#include <QtConcurrent>
#include <cstdio>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

int usage()
{
    std::fprintf(stderr, "usage: bench_hashstep [--threads N] [--algorithm NAME] [--chunk BYTES] FILE...\n");
    return 2;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    int threads = 0;
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    qint64 chunk = FileDigester::DefaultChunkSize;
    QStringList files;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (arg == u"--threads" && hasValue) {
            threads = args.at(++i).toInt();
        } else if (arg == u"--algorithm" && hasValue) {
            const auto parsed = hashAlgorithmFromName(args.at(++i));
            if (!parsed)
                return usage();
            algorithm = *parsed;
        } else if (arg == u"--chunk" && hasValue) {
            chunk = args.at(++i).toLongLong();
        } else if (arg.startsWith(u"--"_s)) {
            return usage();
        } else {
            files.append(arg);
        }
    }
    if (files.isEmpty())
        return usage();

    QThreadPool pool;
    pool.setMaxThreadCount(threads > 0 ? threads : int(files.size()));

    QElapsedTimer timer;
    timer.start();
    QList<QFuture<HashResult>> futures;
    for (const QString &file : std::as_const(files)) {
        HashParams params;
        params.path = file;
        params.algorithms = { algorithm };
        params.folderAllowed = false;
        params.chunkSize = chunk;
        futures.append(QtConcurrent::run(&pool, hashStep, params));
    }
    for (QFuture<HashResult> &future : futures)
        future.waitForFinished();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;

    int status = 0;
    for (qsizetype i = 0; i < futures.size(); ++i) {
        const HashResult result = futures[i].resultCount() == 1 ? futures[i].result() : HashResult {};
        if (result.error.isError() || result.files.size() != 1) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(files.at(i)),
                result.error.isError() ? qPrintable(result.error.toString()) : "no result");
            status = 1;
            continue;
        }
        std::printf("%s  %s\n", result.files.first().digest(algorithm).toHex().constData(),
            QFile::encodeName(files.at(i)).constData());
    }
    std::fprintf(stderr, "seconds %.6f\n", seconds);
    return status;
}
