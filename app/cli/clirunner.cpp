#include "clirunner.h"

#include "earlierrun.h"
#include "net/filenames.h"
#include "terminalprogress.h"
#include "engine/trace.h"
#include "util/checksumfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QtConcurrent>

#include <chrono>
#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

void printError(const QString &line)
{
    std::fprintf(stderr, "ferry-cli: %s\n", line.toLocal8Bit().constData());
}

QString sha256Of(const DigestMap &digests)
{
    for (const auto &[algorithm, hex] : digests) {
        if (algorithm == HashAlgorithm::Sha256)
            return QString::fromLatin1(hex);
    }
    return {};
}

bool isHttpUrl(const QString &text)
{
    const QString scheme = QUrl(text).scheme();
    return scheme == u"http" || scheme == u"https";
}

// Hex digests by algorithm name: {"sha256": "..."}.
QJsonObject digestsJson(const FileDigests &file)
{
    QJsonObject o;
    for (auto it = file.digests.cbegin(); it != file.digests.cend(); ++it)
        o.insert(hashAlgorithmName(it.key()), QString::fromLatin1(it.value().toHex()));
    return o;
}

// What the steps did, as extra keys of the item's JSON line.
QJsonObject outcomeJson(const StepOutcome &outcome, bool folder)
{
    QJsonObject o;
    if (!outcome.decompressedPath.isEmpty())
        o.insert(QStringLiteral("decompressed"), outcome.decompressedPath);
    if (!outcome.extractedFolder.isEmpty())
        o.insert(QStringLiteral("extracted"), outcome.extractedFolder);
    if (outcome.thumbnails >= 0)
        o.insert(QStringLiteral("thumbnails"), outcome.thumbnails);
    if (!folder && outcome.digests.size() == 1) {
        o.insert(QStringLiteral("hashes"), digestsJson(outcome.digests.first()));
    } else if (!outcome.digests.isEmpty()) {
        QJsonObject files; // a folder's files, by path relative to it
        for (const FileDigests &f : outcome.digests)
            files.insert(f.relativePath, digestsJson(f));
        o.insert(QStringLiteral("hashes"), files);
    }
    return o;
}

// GNU coreutils escaping, so a name with a line break cannot forge a second line.
QString sumLine(const QByteArray &hex, QString path)
{
    const bool escape = path.contains(u'\\') || path.contains(u'\n') || path.contains(u'\r');
    if (escape) {
        path.replace(u"\\"_s, u"\\\\"_s).replace(u"\n"_s, u"\\n"_s).replace(u"\r"_s, u"\\r"_s);
        return u"\\"_s + QString::fromLatin1(hex) + u"  "_s + path;
    }
    return QString::fromLatin1(hex) + u"  "_s + path;
}

} // namespace

CliRunner::CliRunner(CliOptions options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    DownloadOptions engine;
    engine.retry.maxRetries = m_options.retries;
    engine.retry.baseDelay = std::chrono::milliseconds(qint64(m_options.retryWaitSeconds * 1000));
    engine.stallTimeout = std::chrono::milliseconds(qint64(m_options.stallTimeoutSeconds * 1000));
    engine.minimumSpeed = m_options.minimumSpeed;
    engine.syncEveryFile = m_options.syncEveryFile;
    m_manager.setOptions(engine);
    m_manager.setMaxConcurrentDownloads(m_options.jobs);
    m_manager.setMaxConnectionsPerHost(std::max(16, m_options.jobs * m_options.connections));
    m_manager.setGlobalRateLimit(m_options.rateLimit);

    if (!m_options.json && !m_options.quiet && ::isatty(STDOUT_FILENO)) {
        m_progress = std::make_unique<TerminalProgress>(stdout);
        connect(&m_manager, &DownloadManager::snapshotsChanged, this,
                [this](const QList<DownloadSnapshot> &changed) { m_progress->update(changed); });
    }
    connect(&m_manager, &DownloadManager::downloadFinished, this, &CliRunner::onFinished);
    if (m_options.verbose) {
        connect(&m_manager, &DownloadManager::logLine, this, [this](DownloadId id, const QString &line) {
            const QString text = QStringLiteral("[%1] %2").arg(id).arg(line);
            if (m_progress)
                m_progress->printAbove(text);
            else
                std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
        });
    }
}

CliRunner::~CliRunner()
{
    for (StepRunner *steps : findChildren<StepRunner *>())
        steps->cancel();
    m_pool.waitForDone();
}

bool CliRunner::start(QString *error)
{
    if (!m_options.checksumsPath.isEmpty()) {
        QString problem;
        auto file = ChecksumFile::load(m_options.checksumsPath, &problem);
        if (!file) {
            *error = problem;
            return false;
        }
        for (const QString &e : file->errors())
            printError(QStringLiteral("%1: %2").arg(m_options.checksumsPath, e));
        m_checksums = std::make_unique<ChecksumFile>(std::move(*file));
    }
    for (const QString &url : std::as_const(m_options.urls)) {
        // Local files and folders are processing inputs when a step is asked for; else they are bad URLs.
        if (m_options.steps.any() && !isHttpUrl(url) && QFileInfo::exists(url)) {
            ++m_pending;
            const QFileInfo info(url);
            const QString target = m_options.directoryGiven ? m_options.directory
                                   : info.isDir()           ? info.absoluteFilePath()
                                                            : info.absolutePath();
            startSteps(url, info.absoluteFilePath(), info.isDir() ? 0 : info.size(), {}, target, false);
            continue;
        }
        QString problem;
        const DownloadRequest request = requestFor(url, &problem);
        ++m_pending;
        if (!problem.isEmpty())
            reportImmediateFailure(url, problem);
        else if (request.expected.isSet() && QFileInfo(expectedPath(request)).isFile())
            checkEarlierFile(url, request);
        else
            addDownload(url, request);
    }
    return true;
}

QString CliRunner::expectedPath(const DownloadRequest &request) const
{
    const QString name = request.fileName.isEmpty() ? FileNames::sanitize(FileNames::fromUrl(request.url))
                                                    : request.fileName;
    return QDir(request.directory).absoluteFilePath(name);
}

void CliRunner::addDownload(const QString &item, const DownloadRequest &request)
{
    QString marker;
    // Only a file with a checksum can be recognised as complete by a rerun, so only its steps need a
    // marker; it goes down before the download can publish the file.
    if (m_options.steps.any() && request.expected.isSet()) {
        marker = expectedPath(request);
        if (const QString problem = EarlierRun::markStepsPending(marker, request.url); !problem.isEmpty()) {
            say(QStringLiteral("%1: cannot mark its steps as pending (%2); a rerun after a crash may skip them")
                    .arg(item, problem));
            marker.clear();
        }
    }
    const DownloadId id = m_manager.add(request);
    if (!marker.isEmpty())
        m_markers.insert(id, marker);
}

void CliRunner::checkEarlierFile(const QString &item, const DownloadRequest &request)
{
    const QString path = expectedPath(request);
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, item, request, path] {
        const bool complete = watcher->result();
        watcher->deleteLater();
        if (!complete) {
            addDownload(item, request);  // someone else's file of that name: ours gets a numbered one
            return;
        }
        const qint64 bytes = QFileInfo(path).size();
        const QString sha256 = request.expected.algorithm == HashAlgorithm::Sha256
                ? QString::fromLatin1(request.expected.digest.toHex()) : QString();
        if (m_options.steps.any() && EarlierRun::stepsPending(path)) {
            say(QStringLiteral("%1: %2 is complete from an earlier run; running its steps").arg(item, path));
            startSteps(item, path, bytes, sha256, m_options.directory, true, path);
            return;
        }
        say(QStringLiteral("%1: %2 is complete from an earlier run; not downloading it again").arg(item, path));
        --m_pending;
        if (m_options.json)
            printJson(item, path, bytes, sha256, true, {}, { { QStringLiteral("earlier"), true } });
        maybeQuit();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, &EarlierRun::fileMatches, path, request.expected));
}

DownloadRequest CliRunner::requestFor(const QString &text, QString *problem) const
{
    DownloadRequest r;
    r.url = QUrl(text, QUrl::StrictMode);
    if (!isDownloadableUrl(r.url)) {
        *problem = m_options.steps.any() ? QStringLiteral("not an http or https URL, nor an existing file or folder")
                                         : QStringLiteral("not an http or https URL");
        return r;
    }
    r.directory = m_options.directory;
    r.fileName = m_options.outputName;
    r.connections = m_options.connections;
    r.headers = m_options.headers;
    r.user = m_options.user;
    r.password = m_options.password;
    r.allowInsecureRedirect = m_options.allowInsecureRedirect;
    if (m_options.json)
        r.hashes = { HashAlgorithm::Sha256 };
    if (!m_options.sha256.isEmpty())
        r.expected = { HashAlgorithm::Sha256, m_options.sha256 };
    if (m_checksums) {
        const QString name = r.fileName.isEmpty() ? FileNames::sanitize(FileNames::fromUrl(r.url)) : r.fileName;
        const auto entry = m_checksums->find(name);
        if (!entry) {
            *problem = QStringLiteral("%1 has no checksum for %2").arg(m_options.checksumsPath, name);
            return r;
        }
        r.expected = { entry->algorithm, entry->digest };
    }
    return r;
}

void CliRunner::reportImmediateFailure(const QString &url, const QString &message)
{
    ++m_failed;
    --m_pending;
    printError(QStringLiteral("%1: %2").arg(url, message));
    if (m_options.json)
        printJson(url, {}, 0, {}, false, message);
    QMetaObject::invokeMethod(this, &CliRunner::maybeQuit, Qt::QueuedConnection);
}

void CliRunner::onFinished(const DownloadSnapshot &result)
{
    const bool ok = result.state == DownloadState::Succeeded;
    if (ok && m_options.steps.any()) {
        if (m_progress)
            m_progress->printAbove(QStringLiteral("Saved %1").arg(result.path));
        const bool verified = !m_options.sha256.isEmpty() || m_checksums;
        startSteps(result.url.toString(QUrl::FullyEncoded), result.path, result.bytesDone, sha256Of(result.digests),
                   m_options.directory, verified, m_markers.take(result.id));
        return;
    }
    m_markers.remove(result.id);  // a failed download keeps its marker: the rerun fetches it again
    --m_pending;
    if (!ok)
        ++m_failed;
    const QString url = result.url.toString(QUrl::FullyEncoded);
    if (m_options.json) {
        printJson(url, ok ? result.path : QString(), result.bytesDone, sha256Of(result.digests), ok,
                  ok ? QString() : result.error.toString());
    }
    if (!ok) {
        const QString line = QStringLiteral("%1: %2").arg(url, result.error.toString());
        if (m_progress)
            m_progress->finish();
        printError(line);
    } else if (m_progress) {
        m_progress->printAbove(QStringLiteral("Saved %1").arg(result.path));
    }
    maybeQuit();
}

void CliRunner::startSteps(const QString &item, const QString &path, qint64 bytes, const QString &sha256,
                           const QString &targetFolder, bool alreadyVerified, const QString &marker)
{
    auto *steps = new StepRunner(m_options.steps, &m_pool, path, targetFolder, alreadyVerified, this);
    connect(steps, &StepRunner::finished, this, [this, item, bytes, sha256, marker](const StepOutcome &outcome) {
        onStepsFinished(item, bytes, sha256, outcome, marker);
    });
    steps->start();
}

void CliRunner::onStepsFinished(const QString &item, qint64 bytes, QString sha256, const StepOutcome &outcome,
                                const QString &marker)
{
    --m_pending;
    const bool ok = !outcome.error.isError();
    if (ok && !marker.isEmpty())
        EarlierRun::clearStepsPending(marker);
    if (!ok)
        ++m_failed;
    for (const QString &note : outcome.notes)
        say(QStringLiteral("%1: %2").arg(item, note));
    if (m_options.json) {
        const bool folder = QFileInfo(outcome.path).isDir();
        if (sha256.isEmpty() && !folder && outcome.digests.size() == 1)
            sha256 = QString::fromLatin1(outcome.digests.first().digest(HashAlgorithm::Sha256).toHex());
        printJson(item, outcome.path, bytes, sha256, ok, ok ? QString() : outcome.error.toString(),
                  outcomeJson(outcome, folder));
    } else {
        printHashLines(outcome.digests);
    }
    if (!ok) {
        if (m_progress)
            m_progress->finish();
        printError(QStringLiteral("%1: %2").arg(item, outcome.error.toString()));
    }
    maybeQuit();
}

void CliRunner::printHashLines(const QList<FileDigests> &files)
{
    for (const FileDigests &file : files) {
        for (HashAlgorithm algorithm : std::as_const(m_options.steps.hashes)) {
            const QString line = sumLine(file.digest(algorithm).toHex(), file.path);
            if (m_progress)
                m_progress->printAbove(line);
            else
                std::fprintf(stdout, "%s\n", line.toLocal8Bit().constData());
        }
    }
    std::fflush(stdout);
}

void CliRunner::say(const QString &line)
{
    if (m_progress)
        m_progress->printAbove(line);
    else
        printError(line);
}

void CliRunner::printJson(const QString &url, const QString &path, qint64 bytes, const QString &sha256, bool ok,
                          const QString &error, const QJsonObject &extra)
{
    QJsonObject o{ { QStringLiteral("url"), url },
                   { QStringLiteral("path"), path.isEmpty() ? QJsonValue() : QJsonValue(path) },
                   { QStringLiteral("bytes"), double(bytes) },
                   { QStringLiteral("sha256"), sha256.isEmpty() ? QJsonValue() : QJsonValue(sha256) },
                   { QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("failed") },
                   { QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error) } };
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        o.insert(it.key(), it.value());
    std::fprintf(stdout, "%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

void CliRunner::maybeQuit()
{
    if (m_pending > 0)
        return;
    if (m_progress)
        m_progress->finish();
    const bool traced = writeTrace();
    QCoreApplication::exit(m_failed > 0 || !traced ? 1 : 0);
}

bool CliRunner::writeTrace()
{
    if (m_options.tracePath.isEmpty())
        return true;
    QSaveFile file(m_options.tracePath);
    if (file.open(QIODevice::WriteOnly) && file.write(m_manager.trace().toChromeJson()) >= 0 && file.commit())
        return true;
    std::fprintf(stderr, "ferry-cli: cannot write the trace %s: %s\n", m_options.tracePath.toLocal8Bit().constData(),
                 file.errorString().toLocal8Bit().constData());
    return false;
}

void CliRunner::interrupt(int exitCode)
{
    for (StepRunner *steps : findChildren<StepRunner *>())
        steps->cancel();
    for (DownloadId id : m_manager.ids())
        m_manager.cancel(id, true);
    if (m_progress)
        m_progress->finish();
    writeTrace();
    QCoreApplication::exit(exitCode);
}

} // namespace Ferry
