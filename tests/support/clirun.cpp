#include "clirun.h"

#include "testenv.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <signal.h>
#include <sys/prctl.h>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

CliRun::CliRun(const QStringList &arguments, const QByteArray &input, std::function<void()> childSetup,
               const QProcessEnvironment &environment)
{
    m_process.setProcessEnvironment(environment);
    m_process.setProgram(cliPath());
    m_process.setArguments(arguments);
    if (input.isNull())
        m_process.setStandardInputFile(QProcess::nullDevice());
    m_process.setChildProcessModifier([childSetup] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test leaves no ferry-cli behind
        if (childSetup)
            childSetup();
    });
    m_process.start();
    if (!input.isNull()) {
        m_process.write(input);
        m_process.closeWriteChannel();
    }
}

CliRun::~CliRun()
{
    if (isRunning()) {
        m_process.kill();
        waitUntil([this] { return !isRunning(); }, CliRunTimeoutMs);
    }
}

bool CliRun::waitForFinished()
{
    const bool finished = waitUntil([this] { return !isRunning(); }, CliRunTimeoutMs);
    m_out += m_process.readAllStandardOutput();  // also what a hung run printed, for the message
    m_err += m_process.readAllStandardError();
    return finished;
}

bool CliRun::killHard()
{
    const qint64 pid = m_process.processId();
    if (pid <= 0 || ::kill(pid_t(pid), SIGKILL) != 0)
        return false;
    return waitForFinished();
}

int CliRun::exitCode() const
{
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

bool CliRun::jsonLines(QList<QJsonObject> *objects, QByteArray *problem) const
{
    for (const QByteArray &line : m_out.split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject()) {
            *problem = "not a JSON object: " + line;
            return false;
        }
        objects->append(doc.object());
    }
    return true;
}

QByteArray CliRun::jsonSha256() const
{
    QList<QJsonObject> objects;
    QByteArray problem;
    if (!jsonLines(&objects, &problem) || objects.size() != 1
        || objects.first().value("status"_L1).toString() != u"ok"_s)
        return {};
    return objects.first().value("sha256"_L1).toString().toLatin1();
}

QString CliRun::describe() const
{
    return u"exit status %1, code %2\nstdout:\n%3\nstderr:\n%4"_s.arg(int(m_process.exitStatus()))
            .arg(m_process.exitCode())
            .arg(QString::fromUtf8(m_out), err());
}

qint64 sidecarBytesDone(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    if (!doc.isObject())
        return -1;
    qint64 done = 0;
    const QJsonArray ranges = doc.object().value("ranges"_L1).toArray();
    for (const QJsonValue &range : ranges)
        done += qint64(range.toArray().at(2).toDouble());
    return done;
}

} // namespace Ferry::Test
