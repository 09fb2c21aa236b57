#pragma once

#include "clioptions.h"
#include "net/downloadmanager.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QThreadPool>

#include <memory>

namespace Ferry {

class ChecksumFile;
struct StepOutcome;
class TerminalProgress;

// Runs one ferry-cli invocation: queues the downloads, runs the processing steps (StepRunner) on each
// downloaded file and each local input, reports each item as it finishes (a JSON line or an error on
// stderr), and quits with 0 when all succeeded, 1 when any failed.
class CliRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliRunner)

public:
    explicit CliRunner(CliOptions options, QObject *parent = nullptr);
    ~CliRunner() override;

    // Queues everything; false with *error for a problem that is the user's to fix (exit code 2).
    bool start(QString *error);
    // Stops every download, keeping partial files, then quits with `exitCode` (SIGINT, SIGTERM).
    void interrupt(int exitCode);

private:
    DownloadRequest requestFor(const QString &url, QString *problem) const;
    // Where the download lands unless the server names it otherwise.
    QString expectedPath(const DownloadRequest &request) const;
    void addDownload(const QString &item, const DownloadRequest &request);
    // A file an earlier run completed: checked against its checksum on the pool, then skipped (or its
    // pending steps run) or downloaded again.
    void checkEarlierFile(const QString &item, const DownloadRequest &request);
    void onFinished(const DownloadSnapshot &result);
    // item: the URL or the local path as given; sha256: the engine's digest of a download, if any;
    // marker: the final path whose steps marker goes once the steps succeeded (EarlierRun).
    void startSteps(const QString &item, const QString &path, qint64 bytes, const QString &sha256,
                    const QString &targetFolder, bool alreadyVerified, const QString &marker = {});
    void onStepsFinished(const QString &item, qint64 bytes, QString sha256, const StepOutcome &outcome,
                         const QString &marker);
    void reportImmediateFailure(const QString &url, const QString &message);
    void printJson(const QString &url, const QString &path, qint64 bytes, const QString &sha256, bool ok,
                   const QString &error, const QJsonObject &extra = {});
    void printHashLines(const QList<FileDigests> &files);
    void say(const QString &line); // above the progress display, else on stderr
    void maybeQuit();
    bool writeTrace();

    CliOptions m_options;
    DownloadManager m_manager;
    std::unique_ptr<TerminalProgress> m_progress;
    std::unique_ptr<ChecksumFile> m_checksums;
    QHash<DownloadId, QString> m_markers;  // downloads whose steps are marked pending, by final path
    // Steps run here; declared last so it is destroyed (waiting for running steps) first.
    QThreadPool m_pool;
    int m_failed = 0;
    int m_pending = 0;
};

} // namespace Ferry
