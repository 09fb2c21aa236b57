#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

// Runs the real ferry-cli as a child process, for tests that drive it end to end.
namespace Ferry::Test {

constexpr int CliRunTimeoutMs = 20000;

// One ferry-cli run. Never blocks: waiting spins the event loop, so a TestServer in the test's own
// process keeps serving the child. The child dies with the test (PR_SET_PDEATHSIG).
class CliRun
{
public:
    explicit CliRun(const QStringList &arguments, const QByteArray &input = {},
                    std::function<void()> childSetup = {},
                    const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    ~CliRun();
    CliRun(const CliRun &) = delete;
    CliRun &operator=(const CliRun &) = delete;

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    bool waitForFinished();
    // SIGKILL: no handler runs, no checkpoint is written; only what is already on disk survives.
    bool killHard();

    bool crashed() const { return m_process.exitStatus() == QProcess::CrashExit; }
    int exitCode() const;
    QByteArray out() const { return m_out; }
    QString err() const { return QString::fromLocal8Bit(m_err); }
    // Every stdout line as a JSON object; false (with a message) when a line is not one.
    bool jsonLines(QList<QJsonObject> *objects, QByteArray *problem) const;
    // The single --json line's sha256; empty unless there is exactly one line and it says ok.
    QByteArray jsonSha256() const;
    QString describe() const;

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

// The bytes a resume-state sidecar records as safely on disk; -1 when missing or unreadable.
qint64 sidecarBytesDone(const QString &path);

} // namespace Ferry::Test
