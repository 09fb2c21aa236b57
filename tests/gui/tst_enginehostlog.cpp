// The task log reaches stderr only when asked for (QT_LOGGING_RULES "ferry.tasks.info=true"): printing
// it is synchronous I/O on the GUI thread, and the window shows each task's log in its details dock.
#include "enginehost.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLoggingCategory>
#include <QMutex>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

QMutex g_mutex;
QStringList g_taskLog;  // messages of the "ferry.tasks" category

void collect(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (context.category && QLatin1StringView(context.category) == "ferry.tasks"_L1) {
        const QMutexLocker lock(&g_mutex);
        g_taskLog.append(message);
    }
}

QStringList taskLog()
{
    const QMutexLocker lock(&g_mutex);
    return g_taskLog;
}

} // namespace

class tst_EngineHostLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void quietByDefault();
    void printedWhenTheCategoryIsOn();

private:
    // Hashes a small local file through a fresh EngineHost and waits until the task succeeded.
    void hashOneFile();

    QTemporaryDir m_dir;
    QtMessageHandler m_previous = nullptr;
};

void tst_EngineHostLog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    EngineHost::registerMetaTypes();
    QFile file(m_dir.filePath(u"input.bin"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(QByteArray(64 * 1024, 'x')) > 0);
    file.close();
    qunsetenv("QT_LOGGING_RULES");  // a developer's shell must not decide the first case
    m_previous = qInstallMessageHandler(collect);
}

void tst_EngineHostLog::init()
{
    const QMutexLocker lock(&g_mutex);
    g_taskLog.clear();
}

void tst_EngineHostLog::cleanupTestCase()
{
    qInstallMessageHandler(m_previous);
    QLoggingCategory::setFilterRules({});
}

void tst_EngineHostLog::hashOneFile()
{
    TaskTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto host = std::make_unique<EngineHost>();
    host->connectModel(&model);
    Recipe recipe;
    recipe.hashes = { HashAlgorithm::Sha256 };
    host->processLocal({ m_dir.filePath(u"input.bin"_s) }, recipe);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(model.snapshotAt(0).status.state, TaskState::Succeeded, 30000);
    host.reset();  // the engine thread has sent everything it had
    QCoreApplication::sendPostedEvents();
}

void tst_EngineHostLog::quietByDefault()
{
    hashOneFile();
    QCOMPARE(taskLog(), QStringList());
}

void tst_EngineHostLog::printedWhenTheCategoryIsOn()
{
    QLoggingCategory::setFilterRules(u"ferry.tasks.info=true"_s);
    hashOneFile();
    // The hash step logs its result ("sha256 <hex> input.bin") among the task's other lines.
    QTRY_VERIFY(!taskLog().filter(u"input.bin"_s).isEmpty());
}

QTEST_MAIN(tst_EngineHostLog)
#include "tst_enginehostlog.moc"
