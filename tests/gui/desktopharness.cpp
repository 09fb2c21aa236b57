#include "desktopharness.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

void DesktopHarness::start(const QString &downloadFolder)
{
    host = std::make_unique<EngineHost>();
    model = std::make_unique<TaskTableModel>();
    tester = std::make_unique<QAbstractItemModelTester>(model.get(),
                                                        QAbstractItemModelTester::FailureReportingMode::Fatal);
    host->connectModel(model.get());
    window = std::make_unique<MainWindow>(model.get(), downloadFolder, nullptr, true);
    host->connectWindow(window.get());
    window->show();
}

QString DesktopHarness::openStore(const QString &path)
{
    QSignalSpy opened(host.get(), &EngineHost::storeOpened);
    host->openStore(path);
    if (!QTest::qWaitFor([&] { return !opened.isEmpty(); }, 30000))
        return u"the store did not open within 30 s"_s;
    return opened.at(0).at(1).toString();
}

void DesktopHarness::stop()
{
    window.reset();
    host.reset();
    tester.reset();
    model.reset();
}

} // namespace Ferry::Test
