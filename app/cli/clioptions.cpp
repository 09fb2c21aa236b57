#include "clioptions.h"

#include "steps/thumbnailstep.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QStandardPaths>
#include <QDir>

#include <cmath>
#include <cstdio>

namespace Ferry {

namespace {

std::optional<int> positiveInt(const QString &text, int max)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < 1 || n > max)
        return std::nullopt;
    return n;
}

std::optional<double> positiveSeconds(const QString &text)
{
    bool ok = false;
    const double s = text.toDouble(&ok);
    if (!ok || !std::isfinite(s) || s <= 0 || s > 86400)
        return std::nullopt;
    return s;
}

// URLs from a file or stdin: one per line, blank lines and '#' comments skipped.
bool readUrlList(const QString &path, QStringList *urls, QString *error)
{
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *error = QStringLiteral("cannot read the URL list %1: %2").arg(path, file.errorString());
        return false;
    }
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (!line.isEmpty() && !line.startsWith(u'#'))
            urls->append(line);
    }
    return true;
}

} // namespace

qint64 CliOptions::parseRate(const QString &text)
{
    QString t = text.trimmed();
    double factor = 1;
    if (!t.isEmpty()) {
        switch (t.back().toUpper().unicode()) {
        case 'K': factor = 1024; break;
        case 'M': factor = 1024.0 * 1024; break;
        case 'G': factor = 1024.0 * 1024 * 1024; break;
        default: break;
        }
        if (factor > 1)
            t.chop(1);
    }
    bool ok = false;
    const double value = t.toDouble(&ok) * factor;
    if (!ok || !std::isfinite(value) || value < 1 || value > 1e15)
        return -1;
    return qint64(value);
}

std::optional<CliOptions> CliOptions::parse(const QCoreApplication &app, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Downloads files over HTTP and HTTPS, resumably, in parallel and verified.\n"
        "Running the same command again after an interruption resumes."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("Addresses to download, or local files and folders to process."),
                                 QStringLiteral("URL|PATH..."));
    const QCommandLineOption dir({ QStringLiteral("d"), QStringLiteral("dir") },
                                 QStringLiteral("Target folder (default: your download folder)."), QStringLiteral("DIR"));
    const QCommandLineOption output({ QStringLiteral("o"), QStringLiteral("output") },
                                    QStringLiteral("File name for a single URL."), QStringLiteral("NAME"));
    const QCommandLineOption jobs({ QStringLiteral("j"), QStringLiteral("jobs") },
                                  QStringLiteral("Parallel downloads (default 4)."), QStringLiteral("N"));
    const QCommandLineOption connections({ QStringLiteral("x"), QStringLiteral("connections") },
                                         QStringLiteral("Connections (segments) per download (default 1)."), QStringLiteral("N"));
    const QCommandLineOption limitRate(QStringLiteral("limit-rate"),
                                       QStringLiteral("Global speed limit in bytes per second; K, M, G suffixes."), QStringLiteral("RATE"));
    const QCommandLineOption retries(QStringLiteral("retries"),
                                     QStringLiteral("Retries on transient errors (default 5)."), QStringLiteral("N"));
    const QCommandLineOption retryWait(QStringLiteral("retry-wait"),
                                       QStringLiteral("Seconds before the first retry; doubles each time (default 1)."), QStringLiteral("SECONDS"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Stall timeout: no data for this long is an error (default 30)."), QStringLiteral("SECONDS"));
    const QCommandLineOption minSpeed(QStringLiteral("min-speed"),
                                      QStringLiteral("Slower than this for the stall timeout is an error."), QStringLiteral("RATE"));
    const QCommandLineOption sha256(QStringLiteral("sha256"), QStringLiteral("Expected SHA-256 (one URL)."), QStringLiteral("HEX"));
    const QCommandLineOption checksums(QStringLiteral("checksums"),
                                       QStringLiteral("A SHA256SUMS-style file; each download is verified against its line."), QStringLiteral("FILE"));
    const QCommandLineOption input({ QStringLiteral("i"), QStringLiteral("input-file") },
                                   QStringLiteral("URLs, one per line ('-' for stdin)."), QStringLiteral("FILE"));
    const QCommandLineOption header({ QStringLiteral("H"), QStringLiteral("header") },
                                    QStringLiteral("Extra request header, e.g. \"Referer: https://example.org/\"."), QStringLiteral("LINE"));
    const QCommandLineOption user({ QStringLiteral("u"), QStringLiteral("user") },
                                  QStringLiteral("Credentials for basic or digest authentication."), QStringLiteral("USER:PASSWORD"));
    const QCommandLineOption insecureRedirect(QStringLiteral("allow-insecure-redirect"),
                                              QStringLiteral("Follow redirects from https to plain http."));
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QStringLiteral("Write what ran when (every request, on every connection) as Chrome "
                                                  "Trace Event JSON, for Perfetto or chrome://tracing."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption sync(QStringLiteral("sync"),
                                  QStringLiteral("fsync every file before giving it its final name (downloads longer than "
                                                 "a second always are)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("One JSON object per finished download per line on stdout."));
    const QCommandLineOption quiet({ QStringLiteral("q"), QStringLiteral("quiet") }, QStringLiteral("No progress display."));
    const QCommandLineOption verbose(QStringLiteral("verbose"),
                                     QStringLiteral("Print each download's log (retries, resumes, redirects) on stderr."));
    const QCommandLineOption verify(QStringLiteral("verify"),
                                    QStringLiteral("Check each file against a .sha256 or SHA256SUMS file beside it; a "
                                                   "mismatch is an error and the file is moved aside."));
    const QCommandLineOption extract(QStringLiteral("extract"),
                                     QStringLiteral("Extract archives into a folder named after them."));
    const QCommandLineOption decompress(QStringLiteral("decompress"),
                                        QStringLiteral("Decompress .gz, .bz2, .xz and .zst files."));
    const QCommandLineOption thumbnail(QStringLiteral("thumbnail"),
                                       QStringLiteral("Thumbnails of images, longest side SIZE pixels, into thumbnails/."),
                                       QStringLiteral("SIZE"));
    const QCommandLineOption convert(QStringLiteral("convert"),
                                     QStringLiteral("Convert images to FORMAT (png, jpeg, webp...), into converted/ "
                                                    "(with --thumbnail: thumbnails in that format)."),
                                     QStringLiteral("FORMAT"));
    const QCommandLineOption hash(QStringLiteral("hash"),
                                  QStringLiteral("Print digests (sha256, sha1, md5, sha512, blake2b512; repeatable or "
                                                 "comma-separated) of each file, like sha256sum."),
                                  QStringLiteral("ALGO"));
    parser.addOptions({ dir, output, jobs, connections, limitRate, retries, retryWait, timeout, minSpeed, sha256, checksums,
                        input, header, user, insecureRedirect, sync, trace, json, quiet, verbose,
                        verify, extract, decompress, thumbnail, convert, hash });

    if (!parser.parse(app.arguments())) {
        *error = parser.errorText();
        return std::nullopt;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    CliOptions o;
    o.urls = parser.positionalArguments();
    if (parser.isSet(input) && !readUrlList(parser.value(input), &o.urls, error))
        return std::nullopt;
    if (o.urls.isEmpty()) {
        *error = QStringLiteral("no URL given (see --help)");
        return std::nullopt;
    }

    o.directory = parser.value(dir);
    o.directoryGiven = !o.directory.isEmpty();
    if (o.directory.isEmpty())
        o.directory = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (o.directory.isEmpty())
        o.directory = QDir::currentPath();

    auto intOption = [&](const QCommandLineOption &option, int max, int *target) {
        if (!parser.isSet(option))
            return true;
        const auto n = positiveInt(parser.value(option), max);
        if (!n) {
            *error = QStringLiteral("--%1 wants a whole number from 1 to %2, not \"%3\"")
                         .arg(option.names().constLast()).arg(max).arg(parser.value(option));
            return false;
        }
        *target = *n;
        return true;
    };
    if (!intOption(jobs, 256, &o.jobs) || !intOption(connections, 32, &o.connections))
        return std::nullopt;
    if (parser.isSet(retries)) {
        bool ok = false;
        o.retries = parser.value(retries).toInt(&ok);
        if (!ok || o.retries < 0 || o.retries > 1000) {
            *error = QStringLiteral("--retries wants a number from 0 to 1000, not \"%1\"").arg(parser.value(retries));
            return std::nullopt;
        }
    }
    for (const auto &[option, target] : { std::pair{ &retryWait, &o.retryWaitSeconds }, std::pair{ &timeout, &o.stallTimeoutSeconds } }) {
        if (!parser.isSet(*option))
            continue;
        const auto s = positiveSeconds(parser.value(*option));
        if (!s) {
            *error = QStringLiteral("--%1 wants a number of seconds, not \"%2\"").arg(option->names().constLast(), parser.value(*option));
            return std::nullopt;
        }
        *target = *s;
    }
    for (const auto &[option, target] : { std::pair{ &limitRate, &o.rateLimit }, std::pair{ &minSpeed, &o.minimumSpeed } }) {
        if (!parser.isSet(*option))
            continue;
        *target = parseRate(parser.value(*option));
        if (*target < 0) {
            *error = QStringLiteral("--%1 wants a rate like 500K or 2M, not \"%2\"").arg(option->names().constLast(), parser.value(*option));
            return std::nullopt;
        }
    }

    if (parser.isSet(sha256)) {
        const QByteArray hex = parser.value(sha256).trimmed().toLatin1();
        const QByteArray digest = QByteArray::fromHex(hex);
        if (hex.size() != 64 || digest.size() != 32 || digest.toHex() != hex.toLower()) {
            *error = QStringLiteral("--sha256 wants 64 hexadecimal digits");
            return std::nullopt;
        }
        if (o.urls.size() != 1) {
            *error = QStringLiteral("--sha256 applies to one URL; use --checksums for several");
            return std::nullopt;
        }
        o.sha256 = digest;
    }
    o.outputName = parser.value(output);
    if (!o.outputName.isEmpty() && o.urls.size() != 1) {
        *error = QStringLiteral("--output applies to one URL");
        return std::nullopt;
    }
    o.checksumsPath = parser.value(checksums);
    for (const QString &line : parser.values(header)) {
        const qsizetype colon = line.indexOf(u':');
        const QByteArray name = line.left(colon).trimmed().toLatin1();
        if (colon <= 0 || name.isEmpty() || name.contains(' ') || line.contains(u'\n') || line.contains(u'\r')) {
            *error = QStringLiteral("--header wants \"Name: value\", not \"%1\"").arg(line);
            return std::nullopt;
        }
        o.headers.append({ name, line.mid(colon + 1).trimmed().toUtf8() });
    }
    if (parser.isSet(user)) {
        const QString value = parser.value(user);
        const qsizetype colon = value.indexOf(u':');
        o.user = colon < 0 ? value : value.left(colon);
        o.password = colon < 0 ? QString() : value.mid(colon + 1);
    }
    o.allowInsecureRedirect = parser.isSet(insecureRedirect);
    o.syncEveryFile = parser.isSet(sync);
    o.tracePath = parser.value(trace);
    o.json = parser.isSet(json);
    o.quiet = parser.isSet(quiet);
    o.verbose = parser.isSet(verbose);

    o.steps.verify = parser.isSet(verify);
    o.steps.extract = parser.isSet(extract);
    o.steps.decompress = parser.isSet(decompress);
    if (parser.isSet(thumbnail)) {
        const auto size = positiveInt(parser.value(thumbnail), 16384);
        if (!size) {
            *error = QStringLiteral("--thumbnail wants a size in pixels from 1 to 16384, not \"%1\"").arg(parser.value(thumbnail));
            return std::nullopt;
        }
        o.steps.thumbnailSize = *size;
    }
    if (parser.isSet(convert)) {
        const QByteArray format = parser.value(convert).toLower().toLatin1();
        if (!writableImageFormats().contains(format)) {
            *error = QStringLiteral("--convert: Ferry cannot write \"%1\" images (it writes: %2)")
                         .arg(parser.value(convert), QString::fromLatin1(writableImageFormats().join(", ")));
            return std::nullopt;
        }
        o.steps.imageFormat = format;
    }
    for (const QString &value : parser.values(hash)) {
        for (const QString &name : value.split(u',')) {
            const auto algorithm = hashAlgorithmFromName(name.trimmed());
            if (!algorithm) {
                *error = QStringLiteral("--hash wants sha256, sha1, md5, sha512 or blake2b512, not \"%1\"").arg(name);
                return std::nullopt;
            }
            if (!o.steps.hashes.contains(*algorithm))
                o.steps.hashes.append(*algorithm);
        }
    }
    return o;
}

} // namespace Ferry
