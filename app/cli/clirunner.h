#pragma once

#include "clioptions.h"
#include "net/downloadmanager.h"

#include <QObject>

#include <memory>

namespace Ferry {

class ChecksumFile;
class TerminalProgress;

// Runs one ferry-cli invocation: queues the downloads, reports each as it finishes (a JSON line or an
// error on stderr), and quits with 0 when all succeeded, 1 when any failed.
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
    void onFinished(const DownloadSnapshot &result);
    void reportImmediateFailure(const QString &url, const QString &message);
    void printJson(const QString &url, const QString &path, qint64 bytes, const QString &sha256, bool ok,
                   const QString &error);
    void maybeQuit();

    CliOptions m_options;
    DownloadManager m_manager;
    std::unique_ptr<TerminalProgress> m_progress;
    std::unique_ptr<ChecksumFile> m_checksums;
    int m_failed = 0;
    int m_pending = 0;
};

} // namespace Ferry
