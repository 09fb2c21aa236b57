#pragma once

#include <QProcess>
#include <QString>
#include <QUrl>

#include <memory>

class QTemporaryDir;

namespace Ferry::Test {

// A real nginx on 127.0.0.1 serving one folder, for integration tests that need a server with
// sendfile, strong ETags and byte ranges exactly as deployed. Config, pid file, logs and nginx's
// temp folders all live in a private temporary folder, so tests can run in parallel and as root.
class NginxServer final
{
public:
    NginxServer();
    ~NginxServer();
    Q_DISABLE_COPY_MOVE(NginxServer)

    // True when the nginx binary is installed; tests QSKIP otherwise.
    static bool isAvailable();
    static QString binaryPath();

    // Starts nginx serving documentRoot and returns once the port accepts connections (at most ~5 s).
    // On failure returns false and, if error is given, says why (including nginx's error log).
    bool start(const QString &documentRoot, QString *error = nullptr);
    void stop();

    bool isRunning() const;
    quint16 port() const { return m_port; }
    // http://127.0.0.1:<port><path>; path is taken decoded ("/a b.txt" is sent as /a%20b.txt).
    QUrl url(const QString &path) const;
    // What nginx wrote to its error log so far (for failure messages).
    QString errorLog() const;
    // nginx's access log (combined format), for tests that check what it served; empty before start().
    QString accessLogPath() const;

private:
    enum class Attempt { Started, PortTaken, Failed };

    Attempt tryStart(const QString &documentRoot, quint16 port, QString *error);
    bool writeConfig(const QString &documentRoot, quint16 port, QString *error) const;
    QString path(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

} // namespace Ferry::Test
