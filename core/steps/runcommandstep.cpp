#include "runcommandstep.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <signal.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

using Outcome = CommandResult::Outcome;

// How often the wait wakes to look at cancel and the deadline; also bounds how much output can
// pile up in QProcess's buffers between two drains.
constexpr int PollMs = 20;
// After SIGKILL the program is gone within microseconds unless it sits in uninterruptible I/O.
constexpr int ReapMs = 10000;
// How much of stderr a failure message carries.
constexpr int ErrorLines = 5;
constexpr qsizetype ErrorChars = 1000;

// Keeps the last `limit` bytes of a stream and counts all of them.
class TailBuffer
{
public:
    explicit TailBuffer(qsizetype limit) : m_limit(qMax<qsizetype>(0, limit)) {}

    void append(const QByteArray &chunk)
    {
        m_total += chunk.size();
        m_data.append(chunk);
        if (m_data.size() > 2 * m_limit)  // trim in batches, not per chunk
            trim();
    }
    QByteArray take()
    {
        trim();
        return std::move(m_data);
    }
    qint64 total() const { return m_total; }

private:
    void trim()
    {
        if (m_data.size() > m_limit)
            m_data.remove(0, m_data.size() - m_limit);
    }

    qsizetype m_limit;
    QByteArray m_data;
    qint64 m_total = 0;
};

QString programName(const QString &program)
{
    return QFileInfo(program).fileName();
}

QProcessEnvironment environmentFor(const CommandParams &params)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = params.environment.cbegin(); it != params.environment.cend(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

// The absolute path of the program, or why there is none. Checked up front so the user reads
// "program not found" rather than QProcess's generic start failure.
TaskError resolveProgram(const CommandParams &params, const QProcessEnvironment &env, QString *path)
{
    if (params.program.isEmpty())
        return TaskError(TaskError::Code::InvalidInput, QStringLiteral("no program given"));
    if (!params.workingDirectory.isEmpty() && !QFileInfo(params.workingDirectory).isDir()) {
        return TaskError(TaskError::Code::FailedToStart,
                         u"working folder not found: "_s + params.workingDirectory);
    }
    if (!params.program.contains(u'/')) {
        const QStringList dirs = env.value(QStringLiteral("PATH")).split(u':', Qt::SkipEmptyParts);
        *path = QStandardPaths::findExecutable(params.program, dirs);
        if (path->isEmpty()) {
            return TaskError(TaskError::Code::FailedToStart, u"program not found: "_s + params.program,
                             u"searched PATH="_s + dirs.join(u':'));
        }
        return {};
    }
    const QDir base(params.workingDirectory.isEmpty() ? QDir::currentPath() : params.workingDirectory);
    *path = base.absoluteFilePath(params.program);
    const QFileInfo info(*path);
    if (!info.exists())
        return TaskError(TaskError::Code::FailedToStart, u"program not found: "_s + params.program, *path);
    if (info.isDir() || !info.isExecutable()) {
        return TaskError(TaskError::Code::FailedToStart, u"program is not executable: "_s + params.program,
                         *path);
    }
    return {};
}

// The last few lines of stderr, for the failure message.
QString lastLines(const QByteArray &output)
{
    QStringList lines = QString::fromLocal8Bit(output).split(u'\n', Qt::SkipEmptyParts);
    for (QString &line : lines)
        line = line.trimmed();
    lines.removeAll(QString());
    if (lines.size() > ErrorLines)
        lines = lines.mid(lines.size() - ErrorLines);
    QString text = lines.join(u'\n');
    if (text.size() > ErrorChars)
        text = u"\u2026"_s + text.right(ErrorChars);
    return text;
}

QString durationText(std::chrono::milliseconds duration)
{
    if (duration.count() < 1000)
        return QString::number(duration.count()) + u" ms"_s;
    return QString::number(double(duration.count()) / 1000.0, 'g', 3) + u" s"_s;
}

// SIGTERM to the program's process group, a grace period, then SIGKILL to whatever is left of
// the group, even if the program itself already went (its children may not have).
void stopProcess(QProcess &process, qint64 pid, std::chrono::milliseconds grace)
{
#ifdef Q_OS_UNIX
    if (pid > 0)
        ::kill(-pid_t(pid), SIGTERM);
    if (process.state() != QProcess::NotRunning)
        process.waitForFinished(int(grace.count()));
    if (pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
#else
    Q_UNUSED(pid);
    process.terminate();
    if (!process.waitForFinished(int(grace.count())))
        process.kill();
#endif
    if (process.state() != QProcess::NotRunning)
        process.waitForFinished(ReapMs);
}

} // namespace

void runCommand(QPromise<CommandResult> &promise, const CommandParams &params)
{
    promise.setProgressRange(0, 1000);
    promise.setProgressValue(0);
    if (promise.isCanceled())
        return;

    CommandResult result;
    const QProcessEnvironment env = environmentFor(params);
    QString path;
    result.error = resolveProgram(params, env, &path);
    if (result.error.isError()) {
        result.outcome = Outcome::FailedToStart;
        promise.addResult(std::move(result));
        return;
    }

    QProcess process;
    process.setProgram(path);
    process.setArguments(params.arguments);
    process.setWorkingDirectory(params.workingDirectory);
    process.setProcessEnvironment(env);
    process.setStandardInputFile(QProcess::nullDevice());  // a program that reads stdin gets EOF
#ifdef Q_OS_UNIX
    // Its own process group, so stopping it stops what it spawned (sh -c "a | b").
    process.setChildProcessModifier([] { ::setpgid(0, 0); });
#endif

    QElapsedTimer clock;
    clock.start();
    process.start();
    if (!process.waitForStarted(-1)) {
        result.outcome = Outcome::FailedToStart;
        result.error = TaskError(TaskError::Code::FailedToStart,
                                 u"could not start "_s + programName(path), process.errorString());
        promise.addResult(std::move(result));
        return;
    }
    const qint64 pid = process.processId();

    TailBuffer out(params.outputLimit);
    TailBuffer err(params.outputLimit);
    const auto drain = [&] {
        out.append(process.readAllStandardOutput());
        err.append(process.readAllStandardError());
    };

    const QDeadlineTimer deadline = params.timeout.count() > 0
        ? QDeadlineTimer(params.timeout.count())
        : QDeadlineTimer(QDeadlineTimer::Forever);
    bool cancelled = false;
    bool timedOut = false;
    while (process.state() != QProcess::NotRunning) {
        if (promise.isCanceled()) {
            cancelled = true;
            break;
        }
        if (deadline.hasExpired()) {
            timedOut = true;
            break;
        }
        // waitForFinished also reads both pipes into QProcess's buffers while it waits.
        const qint64 wait = deadline.isForever()
            ? PollMs
            : std::clamp<qint64>(deadline.remainingTime(), 0, PollMs);
        process.waitForFinished(int(wait));
        drain();
    }
    if (cancelled || timedOut)
        stopProcess(process, pid, params.killGrace);
    drain();
    result.elapsed = std::chrono::milliseconds(clock.elapsed());
    if (cancelled)
        return;  // no result: the future reports cancelled

    result.standardOutputBytes = out.total();
    result.standardErrorBytes = err.total();
    result.standardOutput = out.take();
    result.standardError = err.take();
    const QString name = programName(path);
    const QString errorText = lastLines(result.standardError);

    if (timedOut) {
        result.outcome = Outcome::TimedOut;
        result.error = TaskError(TaskError::Code::CommandFailed,
                                 name + u" ran longer than "_s + durationText(params.timeout)
                                     + u" and was stopped"_s,
                                 errorText);
    } else if (process.exitStatus() == QProcess::CrashExit) {
        // On Unix QProcess reports the signal number as the exit code of a crashed program.
        result.outcome = Outcome::Crashed;
        result.error = TaskError(TaskError::Code::CommandFailed,
                                 name + u" crashed (signal "_s + QString::number(process.exitCode()) + u')',
                                 errorText);
    } else if (process.exitCode() != 0) {
        result.outcome = Outcome::NonZeroExit;
        result.exitCode = process.exitCode();
        result.error = TaskError(TaskError::Code::CommandFailed,
                                 name + u" exited with code "_s + QString::number(result.exitCode),
                                 errorText.isEmpty() ? QStringLiteral("no error output") : errorText);
    } else {
        result.outcome = Outcome::Succeeded;
        result.exitCode = 0;
    }
    promise.setProgressValue(1000);
    promise.addResult(std::move(result));
}

QStringList expandPlaceholders(const QStringList &arguments, const QHash<QString, QString> &values)
{
    QStringList expanded;
    expanded.reserve(arguments.size());
    for (const QString &argument : arguments) {
        QString out;
        qsizetype i = 0;
        while (i < argument.size()) {
            if (argument.at(i) == u'{') {
                const qsizetype close = argument.indexOf(u'}', i + 1);
                if (close > i) {
                    const auto it = values.constFind(argument.mid(i + 1, close - i - 1));
                    if (it != values.constEnd()) {
                        out += *it;
                        i = close + 1;
                        continue;
                    }
                }
            }
            out += argument.at(i);
            ++i;
        }
        expanded.append(out);
    }
    return expanded;
}

} // namespace Ferry
