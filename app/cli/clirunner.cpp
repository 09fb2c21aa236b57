#include "clirunner.h"

#include "net/filenames.h"
#include "terminalprogress.h"
#include "util/checksumfile.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <cstdio>
#include <unistd.h>

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

CliRunner::~CliRunner() = default;

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
        QString problem;
        const DownloadRequest request = requestFor(url, &problem);
        ++m_pending;
        if (!problem.isEmpty())
            reportImmediateFailure(url, problem);
        else
            m_manager.add(request);
    }
    return true;
}

DownloadRequest CliRunner::requestFor(const QString &text, QString *problem) const
{
    DownloadRequest r;
    r.url = QUrl(text, QUrl::StrictMode);
    if (!r.url.isValid() || (r.url.scheme() != u"http" && r.url.scheme() != u"https") || r.url.host().isEmpty()) {
        *problem = QStringLiteral("not an http or https URL");
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
    --m_pending;
    const bool ok = result.state == DownloadState::Succeeded;
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

void CliRunner::printJson(const QString &url, const QString &path, qint64 bytes, const QString &sha256, bool ok,
                          const QString &error)
{
    QJsonObject o{ { QStringLiteral("url"), url },
                   { QStringLiteral("path"), path.isEmpty() ? QJsonValue() : QJsonValue(path) },
                   { QStringLiteral("bytes"), double(bytes) },
                   { QStringLiteral("sha256"), sha256.isEmpty() ? QJsonValue() : QJsonValue(sha256) },
                   { QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("failed") },
                   { QStringLiteral("error"), error.isEmpty() ? QJsonValue() : QJsonValue(error) } };
    std::fprintf(stdout, "%s\n", QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

void CliRunner::maybeQuit()
{
    if (m_pending > 0)
        return;
    if (m_progress)
        m_progress->finish();
    QCoreApplication::exit(m_failed > 0 ? 1 : 0);
}

void CliRunner::interrupt(int exitCode)
{
    for (DownloadId id : m_manager.ids())
        m_manager.cancel(id, true);
    if (m_progress)
        m_progress->finish();
    QCoreApplication::exit(exitCode);
}

} // namespace Ferry
