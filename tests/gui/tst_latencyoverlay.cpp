// The event-loop lateness monitor and its hidden status-bar overlay (Preferences::latencyOverlay).
#include "config/preferences.h"
#include "latencylabel.h"
#include "latencymonitor.h"
#include "mainwindow.h"
#include "tasktablemodel.h"

#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTimer>

using namespace Ferry;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class tst_LatencyOverlay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void summaryUsesNearestRanks();
    void summaryOfNothing();
    void monitorSamplesOnlyWhileStarted();
    void overlayIsOffByDefault();
    void overlayShowsLiveLateness();
    void overlayStopsMeasuringWhenTurnedOff();
    void overlayFollowsThePreference();
};

void tst_LatencyOverlay::initTestCase()
{
    QSettings().clear();  // the window restores its geometry and header from here
}

void tst_LatencyOverlay::summaryUsesNearestRanks()
{
    QList<double> values;
    for (int i = 100; i >= 1; --i)
        values.append(double(i));  // 1..100 ms, unsorted
    const LatencyMonitor::Summary s = LatencyMonitor::summarize(values);
    QCOMPARE(s.samples, 100);
    QCOMPARE(s.p50Ms, 50.0);
    QCOMPARE(s.p99Ms, 99.0);
    QCOMPARE(s.maxMs, 100.0);

    const LatencyMonitor::Summary one = LatencyMonitor::summarize({ 0.25 });
    QCOMPARE(one.samples, 1);
    QCOMPARE(one.p50Ms, 0.25);
    QCOMPARE(one.p99Ms, 0.25);
    QCOMPARE(one.maxMs, 0.25);
}

void tst_LatencyOverlay::summaryOfNothing()
{
    const LatencyMonitor::Summary s = LatencyMonitor::summarize({});
    QCOMPARE(s.samples, 0);
    QCOMPARE(s.maxMs, 0.0);
}

void tst_LatencyOverlay::monitorSamplesOnlyWhileStarted()
{
    LatencyMonitor monitor;
    monitor.setInterval(1ms);
    monitor.setWindow(0ms);
    QVERIFY(!monitor.isActive());
    monitor.start();
    QVERIFY(monitor.isActive());
    QTRY_VERIFY(monitor.samples().size() >= 5);
    for (double lateness : monitor.samples())
        QVERIFY(lateness >= 0);
    monitor.stop();
    QVERIFY(!monitor.isActive());
    const qsizetype stopped = monitor.samples().size();
    // Another 1 ms timer ticks 20 times: a monitor still running would have added samples meanwhile.
    QTimer other;
    other.setTimerType(Qt::PreciseTimer);
    QSignalSpy ticks(&other, &QTimer::timeout);
    other.start(1ms);
    QTRY_VERIFY(ticks.count() >= 20);
    QCOMPARE(monitor.samples().size(), stopped);
    monitor.clear();
    QVERIFY(monitor.samples().isEmpty());
    QCOMPARE(monitor.summary().samples, 0);
}

void tst_LatencyOverlay::overlayIsOffByDefault()
{
    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.findChild<LatencyLabel *>(u"latencyLabel"_s));
}

void tst_LatencyOverlay::overlayShowsLiveLateness()
{
    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setLatencyOverlayVisible(true);
    auto *label = window.findChild<LatencyLabel *>(u"latencyLabel"_s);
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QCOMPARE(label->parentWidget(), window.statusBar());
    QVERIFY(label->monitor().isActive());
    const QString first = label->text();
    // Refreshed twice a second from the samples of the last seconds.
    QTRY_VERIFY(label->text() != first);
    QVERIFY2(label->text().contains(u"p99"_s), qPrintable(label->text()));
    QVERIFY(label->monitor().summary().samples > 0);
}

void tst_LatencyOverlay::overlayStopsMeasuringWhenTurnedOff()
{
    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setLatencyOverlayVisible(true);
    auto *label = window.findChild<LatencyLabel *>(u"latencyLabel"_s);
    QVERIFY(label);
    QTRY_VERIFY(label->monitor().summary().samples > 0);

    window.setLatencyOverlayVisible(false);
    QVERIFY(!label->isVisible());
    QVERIFY(!label->monitor().isActive());

    window.setLatencyOverlayVisible(true);  // the same label comes back and measures again
    QCOMPARE(window.findChildren<LatencyLabel *>().size(), 1);
    QVERIFY(label->isVisible());
    QVERIFY(label->monitor().isActive());
}

void tst_LatencyOverlay::overlayFollowsThePreference()
{
    QSettings settings;
    PreferencesStore store(settings);
    Preferences preferences;
    preferences.latencyOverlay = true;
    store.save(preferences);

    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    window.setPreferencesStore(&store);  // as the app does at start
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *label = window.findChild<LatencyLabel *>(u"latencyLabel"_s);
    QVERIFY(label);
    QVERIFY(label->isVisible());
    settings.clear();
}

QTEST_MAIN(tst_LatencyOverlay)
#include "tst_latencyoverlay.moc"
