#pragma once

#include "net/downloadtypes.h"
#include "steprunner.h"

#include <QString>
#include <QStringList>

#include <optional>

class QCoreApplication;

namespace Ferry {

// ferry-cli's command line, parsed and validated. Anything wrong is a usage error (exit code 2) with a
// sentence that names the option and the value.
struct CliOptions
{
    QStringList urls;            // from the command line and --input-file, in order; local paths too
    QString directory;
    bool directoryGiven = false; // -d: else local inputs keep their outputs beside themselves
    QString outputName;          // -o, one URL only
    int jobs = 4;
    int connections = 1;
    qint64 rateLimit = 0;
    qint64 minimumSpeed = 0;
    int retries = 5;
    double retryWaitSeconds = 1;
    double stallTimeoutSeconds = 30;
    QByteArray sha256;           // raw digest for --sha256
    QString checksumsPath;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString user;
    QString password;
    bool allowInsecureRedirect = false;
    bool syncEveryFile = false;
    bool json = false;
    QString tracePath;           // --trace: the session's spans as Chrome Trace Event JSON
    bool quiet = false;
    bool verbose = false;        // each download's log on stderr
    StepOptions steps;           // --verify, --extract, --decompress, --thumbnail, --hash

    // nullopt with *error set on a usage error; --help and --version exit from inside, like Qt does.
    static std::optional<CliOptions> parse(const QCoreApplication &app, QString *error);
    // "500K", "2M", "1.5G", "1000" -> bytes per second. -1 when malformed.
    static qint64 parseRate(const QString &text);
};

} // namespace Ferry
