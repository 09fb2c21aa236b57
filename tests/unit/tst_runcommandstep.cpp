#include "steps/runcommandstep.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

#include <optional>

using namespace Ferry;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

using Outcome = CommandResult::Outcome;

namespace {

CommandParams command(const QString &program, const QStringList &arguments = {})
{
    CommandParams params;
    params.program = program;
    params.arguments = arguments;
    return params;
}

bool writeFile(const QString &path, const QByteArray &data, QFile::Permissions permissions)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size()
        && file.setPermissions(permissions);
}

// Alive = has a /proc entry and is not a zombie waiting for a parent that never reaps it.
bool isAlive(qint64 pid)
{
    QFile stat(u"/proc/"_s + QString::number(pid) + u"/stat"_s);
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0 || close + 2 >= text.size())
        return false;
    const char state = text.at(close + 2);
    return state != 'Z' && state != 'X';
}

qint64 readPid(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    return file.readAll().trimmed().toLongLong();
}

} // namespace

class TestRunCommandStep : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void succeeds();
    void nonZeroExitCarriesStderr();
    void falseExitsWithOne();
    void errorKeepsTheLastStderrLines();
    void programNotFound_data();
    void programNotFound();
    void programNotExecutable_data();
    void programNotExecutable();
    void missingWorkingFolder();
    void bareNameUsesTheChildsPath();
    void workingFolder();
    void environmentAdditions();
    void standardInputIsEmpty();
    void noShellInterpretation();
    void expandPlaceholders_data();
    void expandPlaceholders();
    void placeholderValueStaysOneArgument();
    void outputKeepsTheTail();
    void crash();
    void timeout();
    void cancelStopsTheProgram_data();
    void cancelStopsTheProgram();
    void cancelBeforeStartRunsNothing();

private:
    std::optional<CommandResult> run(const CommandParams &params, QFuture<CommandResult> *futureOut = nullptr);

    QThreadPool m_pool;
    std::optional<QTemporaryDir> m_dir;
};

void TestRunCommandStep::init()
{
    m_dir.emplace();
    QVERIFY(m_dir->isValid());
}

std::optional<CommandResult> TestRunCommandStep::run(const CommandParams &params,
                                                     QFuture<CommandResult> *futureOut)
{
    QFutureWatcher<CommandResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<CommandResult>::finished);
    const QFuture<CommandResult> future = QtConcurrent::run(&m_pool, runCommand, params);
    watcher.setFuture(future);
    if (!future.isFinished() && !finished.wait(20000))
        return std::nullopt;
    if (futureOut)
        *futureOut = future;
    if (future.isCanceled() || future.resultCount() != 1)
        return std::nullopt;
    return future.result();
}

void TestRunCommandStep::succeeds()
{
    QFuture<CommandResult> future;
    const auto result = run(command(u"/bin/true"_s), &future);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::Succeeded);
    QVERIFY(result->succeeded());
    QCOMPARE(result->exitCode, 0);
    QVERIFY(!result->error.isError());
    QCOMPARE(future.progressValue(), 1000);
}

void TestRunCommandStep::nonZeroExitCarriesStderr()
{
    const auto result =
        run(command(u"/bin/sh"_s, { u"-c"_s, u"echo out; echo err >&2; exit 3"_s }));
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::NonZeroExit);
    QCOMPARE(result->exitCode, 3);
    QCOMPARE(result->standardOutput, "out\n"_ba);
    QCOMPARE(result->standardError, "err\n"_ba);
    QVERIFY(!result->standardOutputTruncated());
    QVERIFY(result->error.isError());
    QCOMPARE(result->error.message(), u"sh exited with code 3"_s);
    QCOMPARE(result->error.detail(), u"err"_s);
}

void TestRunCommandStep::falseExitsWithOne()
{
    const auto result = run(command(u"/bin/false"_s));
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::NonZeroExit);
    QCOMPARE(result->exitCode, 1);
    QCOMPARE(result->error.message(), u"false exited with code 1"_s);
    QCOMPARE(result->error.detail(), u"no error output"_s);
}

void TestRunCommandStep::errorKeepsTheLastStderrLines()
{
    const auto result = run(command(
        u"/bin/sh"_s, { u"-c"_s, u"for i in 1 2 3 4 5 6 7; do echo line$i >&2; echo >&2; done; exit 2"_s }));
    QVERIFY(result);
    QCOMPARE(result->exitCode, 2);
    QCOMPARE(result->error.detail(), u"line3\nline4\nline5\nline6\nline7"_s);
}

void TestRunCommandStep::programNotFound_data()
{
    QTest::addColumn<QString>("program");
    QTest::newRow("absolute") << u"/nonexistent/ferry-program"_s;
    QTest::newRow("bare name") << u"ferry-no-such-program-4711"_s;
    QTest::newRow("relative") << u"./ferry-not-here"_s;
}

void TestRunCommandStep::programNotFound()
{
    QFETCH(QString, program);
    CommandParams params = command(program);
    params.workingDirectory = m_dir->path();
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::FailedToStart);
    QCOMPARE(result->error.code(), TaskError::Code::FailedToStart);
    QCOMPARE(result->error.message(), u"program not found: "_s + program);
}

void TestRunCommandStep::programNotExecutable_data()
{
    QTest::addColumn<bool>("folder");
    QTest::newRow("plain file") << false;
    QTest::newRow("folder") << true;
}

void TestRunCommandStep::programNotExecutable()
{
    QFETCH(bool, folder);
    const QString path = m_dir->filePath(u"tool"_s);
    if (folder)
        QVERIFY(QDir().mkdir(path));
    else
        QVERIFY(writeFile(path, "#!/bin/sh\necho hi\n", QFile::ReadOwner | QFile::WriteOwner));
    const auto result = run(command(path));
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::FailedToStart);
    QCOMPARE(result->error.code(), TaskError::Code::FailedToStart);
    QCOMPARE(result->error.message(), u"program is not executable: "_s + path);
}

void TestRunCommandStep::missingWorkingFolder()
{
    CommandParams params = command(u"/bin/true"_s);
    params.workingDirectory = m_dir->filePath(u"gone"_s);
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::FailedToStart);
    QCOMPARE(result->error.message(), u"working folder not found: "_s + params.workingDirectory);
}

void TestRunCommandStep::bareNameUsesTheChildsPath()
{
    QVERIFY(writeFile(m_dir->filePath(u"ferry-hello"_s), "#!/bin/sh\necho hello \"$1\"\n",
                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    CommandParams params = command(u"ferry-hello"_s, { u"world"_s });
    params.environment.insert(u"PATH"_s, m_dir->path() + u":/usr/bin:/bin"_s);
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::Succeeded);
    QCOMPARE(result->standardOutput, "hello world\n"_ba);
}

void TestRunCommandStep::workingFolder()
{
    CommandParams params = command(u"/bin/pwd"_s);
    params.workingDirectory = m_dir->path();
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(QString::fromLocal8Bit(result->standardOutput.trimmed()), QDir(m_dir->path()).canonicalPath());
}

void TestRunCommandStep::environmentAdditions()
{
    CommandParams params = command(u"/bin/sh"_s, { u"-c"_s, u"printf %s \"$FERRY_TEST_VALUE\""_s });
    params.environment.insert(u"FERRY_TEST_VALUE"_s, u"a b;$(c)"_s);
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->standardOutput, "a b;$(c)"_ba);
}

void TestRunCommandStep::standardInputIsEmpty()
{
    // cat with no file reads stdin: it must see EOF at once instead of waiting forever.
    const auto result = run(command(u"/bin/cat"_s));
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::Succeeded);
    QCOMPARE(result->standardOutput, QByteArray());
}

void TestRunCommandStep::noShellInterpretation()
{
    QVERIFY(writeFile(m_dir->filePath(u"x"_s), "keep me", QFile::ReadOwner | QFile::WriteOwner));
    const QStringList arguments = { u"; rm -rf x"_s, u"$(touch pwned)"_s, u"`touch pwned2`"_s,
                                    u"&& touch pwned3 |"_s, u"touch pwned4 > y"_s };
    CommandParams params = command(u"/bin/echo"_s, arguments);
    params.workingDirectory = m_dir->path();
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::Succeeded);
    QCOMPARE(result->standardOutput, arguments.join(u' ').toUtf8() + '\n');
    QVERIFY(QFile::exists(m_dir->filePath(u"x"_s)));
    const QStringList left = QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
    QCOMPARE(left, QStringList{ u"x"_s });
}

void TestRunCommandStep::expandPlaceholders_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("whole argument") << QStringList{ u"-i"_s, u"{file}"_s }
                                    << QStringList{ u"-i"_s, u"/d/a b;$(x).iso"_s };
    QTest::newRow("inside an argument") << QStringList{ u"--out={dir}/{name}.txt"_s }
                                        << QStringList{ u"--out=/d/a b;$(x).iso.txt"_s };
    QTest::newRow("value not expanded again") << QStringList{ u"{tricky}"_s }
                                              << QStringList{ u"{file}"_s };
    QTest::newRow("unknown and lone braces") << QStringList{ u"{nope} { } {"_s, u"}{file"_s }
                                             << QStringList{ u"{nope} { } {"_s, u"}{file"_s };
    QTest::newRow("nested brace") << QStringList{ u"{{file}}"_s }
                                  << QStringList{ u"{/d/a b;$(x).iso}"_s };
    QTest::newRow("no arguments") << QStringList{} << QStringList{};
}

void TestRunCommandStep::expandPlaceholders()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    const QHash<QString, QString> values = { { u"file"_s, u"/d/a b;$(x).iso"_s },
                                             { u"dir"_s, u"/d"_s },
                                             { u"name"_s, u"a b;$(x).iso"_s },
                                             { u"tricky"_s, u"{file}"_s } };
    QCOMPARE(Ferry::expandPlaceholders(arguments, values), expected);
}

void TestRunCommandStep::placeholderValueStaysOneArgument()
{
    const QString file = m_dir->filePath(u"my file; $(touch pwned) 'q\" `touch pwned2`.txt"_s);
    const QStringList arguments = Ferry::expandPlaceholders(
        { u"-c"_s, u"printf '[%s]' \"$@\""_s, u"sh"_s, u"{file}"_s, u"--out={dir}/x"_s },
        { { u"file"_s, file }, { u"dir"_s, m_dir->path() } });
    CommandParams params = command(u"/bin/sh"_s, arguments);
    params.workingDirectory = m_dir->path();
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::Succeeded);
    QCOMPARE(QString::fromUtf8(result->standardOutput),
             u"["_s + file + u"][--out="_s + m_dir->path() + u"/x]"_s);
    QVERIFY(QDir(m_dir->path()).isEmpty());
}

void TestRunCommandStep::outputKeepsTheTail()
{
    CommandParams params = command(
        u"/bin/sh"_s,
        { u"-c"_s, u"head -c 300000 /dev/zero | tr '\\000' a; printf END; "
                   u"head -c 100000 /dev/zero | tr '\\000' b >&2; printf ERR >&2"_s });
    params.outputLimit = 4096;
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::Succeeded);
    QCOMPARE(result->standardOutputBytes, 300003);
    QCOMPARE(result->standardOutput.size(), 4096);
    QVERIFY(result->standardOutputTruncated());
    QCOMPARE(result->standardOutput, QByteArray(4093, 'a') + "END");
    QCOMPARE(result->standardErrorBytes, 100003);
    QCOMPARE(result->standardError, QByteArray(4093, 'b') + "ERR");
    QVERIFY(result->standardErrorTruncated());
}

void TestRunCommandStep::crash()
{
    CommandParams params = command(u"/bin/sh"_s, { u"-c"_s, u"echo dying >&2; kill -KILL $$"_s });
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::Crashed);
    QVERIFY(result->error.isError());
    QCOMPARE(result->error.message(), u"sh crashed (signal 9)"_s);
    QCOMPARE(result->error.detail(), u"dying"_s);
}

void TestRunCommandStep::timeout()
{
    CommandParams params = command(u"/bin/sleep"_s, { u"30"_s });
    params.timeout = 200ms;
    const auto result = run(params);
    QVERIFY(result);
    QCOMPARE(result->outcome, Outcome::TimedOut);
    QCOMPARE(result->error.code(), TaskError::Code::CommandFailed);
    QCOMPARE(result->error.message(), u"sleep ran longer than 200 ms and was stopped"_s);
}

void TestRunCommandStep::cancelStopsTheProgram_data()
{
    QTest::addColumn<QString>("script");
    // Each writes the pid that must die to ./pid, then sleeps far past the test's patience.
    QTest::newRow("program") << u"echo $$ > pid.tmp && mv pid.tmp pid; exec /bin/sleep 30"_s;
    QTest::newRow("ignores SIGTERM")
        << u"trap '' TERM; echo $$ > pid.tmp && mv pid.tmp pid; exec /bin/sleep 30"_s;
    QTest::newRow("its child") << u"/bin/sleep 30 & echo $! > pid.tmp && mv pid.tmp pid; wait"_s;
    QTest::newRow("its child ignores SIGTERM")
        << u"trap '' TERM; /bin/sleep 30 & echo $! > pid.tmp && mv pid.tmp pid; wait"_s;
}

void TestRunCommandStep::cancelStopsTheProgram()
{
    QFETCH(QString, script);
    CommandParams params = command(u"/bin/sh"_s, { u"-c"_s, script });
    params.workingDirectory = m_dir->path();
    const QString pidFile = m_dir->filePath(u"pid"_s);

    QFutureWatcher<CommandResult> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<CommandResult>::finished);
    QFuture<CommandResult> future = QtConcurrent::run(&m_pool, runCommand, params);
    watcher.setFuture(future);
    QTRY_VERIFY_WITH_TIMEOUT(readPid(pidFile) > 0, 10000);
    const qint64 pid = readPid(pidFile);
    QVERIFY(isAlive(pid));

    QElapsedTimer clock;
    clock.start();
    future.cancel();
    QVERIFY(future.isFinished() || finished.wait(20000));
    qInfo("cancel took %lld ms", qint64(clock.elapsed()));
    QVERIFY(future.isCanceled());
    QCOMPARE(future.resultCount(), 0);
    // An orphaned child is reaped by whoever adopts it, so allow it a moment to disappear.
    QTRY_VERIFY_WITH_TIMEOUT(!isAlive(pid), 10000);
}

void TestRunCommandStep::cancelBeforeStartRunsNothing()
{
    CommandParams params = command(u"/bin/sh"_s, { u"-c"_s, u"touch started; exec /bin/sleep 30"_s });
    params.workingDirectory = m_dir->path();
    QPromise<CommandResult> promise;
    promise.start();
    promise.future().cancel();
    runCommand(promise, params);
    promise.finish();
    QVERIFY(promise.future().isCanceled());
    QCOMPARE(promise.future().resultCount(), 0);
    QVERIFY(!QFile::exists(m_dir->filePath(u"started"_s)));
}

QTEST_GUILESS_MAIN(TestRunCommandStep)
#include "tst_runcommandstep.moc"
