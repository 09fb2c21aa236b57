#include "nginxserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <unistd.h>
#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

using namespace Qt::StringLiterals;

namespace Ferry::Test {

namespace {

constexpr int StartAttempts = 5;
constexpr int StartTimeoutMs = 5000;

// nginx config strings in double quotes survive spaces and semicolons in temp paths.
QByteArray quoted(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\"_ba);
    out.replace('"', "\\\""_ba);
    return '"' + out + '"';
}

// Asks the kernel for a free port. Another process may take it before nginx binds it; start()
// notices that and retries with a fresh port.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString readAll(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

NginxServer::NginxServer() = default;

NginxServer::~NginxServer()
{
    stop();
}

QString NginxServer::binaryPath()
{
    return u"/usr/sbin/nginx"_s;
}

bool NginxServer::isAvailable()
{
    return QFileInfo(binaryPath()).isExecutable();
}

bool NginxServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QUrl NginxServer::url(const QString &path) const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_port);
    url.setPath(path.startsWith(u'/') ? path : u'/' + path);
    return url;
}

QString NginxServer::errorLog() const
{
    if (!m_dir)
        return {};
    return readAll(path(u"error.log"_s)) + readAll(path(u"stderr.log"_s));
}

QString NginxServer::accessLogPath() const
{
    return m_dir ? path(u"access.log"_s) : QString();
}

QString NginxServer::path(const QString &name) const
{
    return m_dir->filePath(name);
}

bool NginxServer::start(const QString &documentRoot, QString *error)
{
    stop();
    const QFileInfo root(documentRoot);
    if (!root.isDir()) {
        if (error)
            *error = u"document root is not a folder: "_s + documentRoot;
        return false;
    }
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + u"/ferry-nginx-XXXXXX"_s);
    if (!m_dir->isValid()) {
        if (error)
            *error = u"cannot create a temporary folder: "_s + m_dir->errorString();
        return false;
    }

    QString lastError;
    for (int attempt = 0; attempt < StartAttempts; ++attempt) {
        const quint16 port = freePort();
        if (port == 0) {
            lastError = u"cannot find a free port on 127.0.0.1"_s;
            continue;
        }
        switch (tryStart(root.absoluteFilePath(), port, &lastError)) {
        case Attempt::Started:
            m_port = port;
            return true;
        case Attempt::PortTaken:
            continue;
        case Attempt::Failed:
            if (error)
                *error = lastError;
            return false;
        }
    }
    if (error)
        *error = u"nginx could not bind a port after %1 attempts: "_s.arg(StartAttempts) + lastError;
    return false;
}

NginxServer::Attempt NginxServer::tryStart(const QString &documentRoot, quint16 port,
                                           QString *error)
{
    if (!writeConfig(documentRoot, port, error))
        return Attempt::Failed;
    // Logs of an earlier attempt would make a port clash look like it happened again.
    for (const QString &name : {u"error.log"_s, u"stderr.log"_s, u"nginx.pid"_s})
        QFile::remove(path(name));

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(binaryPath());
    m_process->setArguments({u"-p"_s, m_dir->path() + u'/', u"-c"_s, path(u"nginx.conf"_s),
                             u"-e"_s, path(u"error.log"_s)});
    m_process->setStandardOutputFile(path(u"stdout.log"_s));
    m_process->setStandardErrorFile(path(u"stderr.log"_s));
#ifdef Q_OS_LINUX
    // A crashed test must not leave nginx holding its port: the kernel stops nginx when the
    // thread that started it dies.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_process->start();
    if (!m_process->waitForStarted(StartTimeoutMs)) {
        *error = u"cannot run "_s + binaryPath() + u": "_s + m_process->errorString();
        m_process.reset();
        return Attempt::Failed;
    }

    // nginx writes its pid file only after it has bound the port, so a connection accepted while
    // the pid file names our process is ours, not a stranger's that took the port first.
    const QByteArray ownPid = QByteArray::number(m_process->processId());
    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->state() == QProcess::NotRunning) {
            const QString log = errorLog();
            *error = u"nginx exited during start-up: "_s + log;
            m_process.reset();
            return log.contains(u"Address already in use"_s) ? Attempt::PortTaken
                                                              : Attempt::Failed;
        }
        QFile pidFile(path(u"nginx.pid"_s));
        if (pidFile.open(QIODevice::ReadOnly) && pidFile.readAll().trimmed() == ownPid) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            if (probe.waitForConnected(100))
                return Attempt::Started;
        }
        // Paces the loop and returns at once if nginx gives up.
        m_process->waitForFinished(20);
    }
    *error = u"nginx did not accept connections within %1 ms: "_s.arg(StartTimeoutMs) + errorLog();
    stop();
    return Attempt::Failed;
}

bool NginxServer::writeConfig(const QString &documentRoot, quint16 port, QString *error) const
{
    auto inDir = [this](const QString &name) { return quoted(path(name)); };

    QByteArray conf;
    conf += "daemon off;\n"
            "master_process off;\n"
            "worker_processes 1;\n";
    // As root nginx would switch to "nobody", which cannot read 0700 temporary folders; as
    // anyone else the directive is an error, so it is only written for root.
    if (::geteuid() == 0)
        conf += "user root root;\n";
    conf += "pid " + inDir(u"nginx.pid"_s) + ";\n"
            "error_log " + inDir(u"error.log"_s) + " info;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "    types { text/plain txt; text/html html; application/octet-stream bin; }\n"
            "    default_type application/octet-stream;\n"
            "    access_log " + inDir(u"access.log"_s) + ";\n"
            "    client_body_temp_path " + inDir(u"client_body"_s) + ";\n"
            "    proxy_temp_path " + inDir(u"proxy"_s) + ";\n"
            "    fastcgi_temp_path " + inDir(u"fastcgi"_s) + ";\n"
            "    uwsgi_temp_path " + inDir(u"uwsgi"_s) + ";\n"
            "    scgi_temp_path " + inDir(u"scgi"_s) + ";\n"
            "    sendfile on;\n"
            "    tcp_nopush on;\n"
            "    etag on;\n"
            "    server {\n"
            "        listen 127.0.0.1:" + QByteArray::number(port) + ";\n"
            "        server_name localhost;\n"
            "        root " + quoted(documentRoot) + ";\n"
            "        location / { }\n"
            "    }\n"
            "}\n";

    QFile file(path(u"nginx.conf"_s));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(conf) != conf.size()) {
        *error = u"cannot write nginx.conf: "_s + file.errorString();
        return false;
    }
    return true;
}

void NginxServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(StartTimeoutMs)) {
            m_process->kill();
            m_process->waitForFinished(StartTimeoutMs);
        }
    }
    m_process.reset();
    m_port = 0;
}

} // namespace Ferry::Test
