// The tray icon: its painted progress ring, its menu (show/hide, pause all, resume all, the
// window's own quit action), what closing the window does, and its tooltip following the model.
// Offscreen has no system tray: everything but the icon's visibility is tested without one.
#include "mainwindow.h"
#include "tasktablemodel.h"
#include "trayicon.h"

#include <QAction>
#include <QAbstractButton>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void ringShowsThePercentInPaletteColours();
    void menuPausesResumesAndQuitsThroughTheWindow();
    void toggleHidesAndShowsTheWindow();
    void tooltipFollowsTheModel();
    void closeHidesToTray_data();
    void closeHidesToTray();
    void quitFromTheTrayQuitsAHiddenWindow();
    void quitWithWorkRunningAsksInSight();
    void closeWithoutATrayCloses();
    void iconShowsWhereThePlatformHasATray();

private:
    QAction *menuAction(const QString &name) const;

    QTemporaryDir m_dir;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
};

void TestTrayIcon::init()
{
    m_model = std::make_unique<TaskTableModel>();
    m_window = std::make_unique<MainWindow>(m_model.get(), m_dir.path(), nullptr, true);
    m_tray = std::make_unique<TrayIcon>(m_model.get(), m_window.get(), m_window->quitAction());
}

void TestTrayIcon::cleanup()
{
    m_tray.reset();
    m_window.reset();
    m_model.reset();
}

QAction *TestTrayIcon::menuAction(const QString &name) const
{
    const QList<QAction *> actions = m_tray->menu()->actions();
    const auto it = std::find_if(actions.cbegin(), actions.cend(), [&name](QAction *a) { return a->objectName() == name; });
    return it == actions.cend() ? nullptr : *it;
}

void TestTrayIcon::ringShowsThePercentInPaletteColours()
{
    QPalette palette;
    palette.setColor(QPalette::Highlight, Qt::red);
    palette.setColor(QPalette::Mid, Qt::blue);
    QPixmap plain(64, 64);
    plain.fill(Qt::green);
    const QIcon base(plain);

    QCOMPARE(TrayIcon::progressIcon(base, -1, palette).cacheKey(), base.cacheKey());
    const QImage image = TrayIcon::progressIcon(base, 25, palette, 64).pixmap(64, 64).toImage();
    QCOMPARE(image.size(), QSize(64, 64));
    // The ring's middle runs on a circle of radius 28 around (32, 32); 25% covers twelve to three.
    const auto at = [&image](double degreesClockwiseFromTwelve) {
        const double r = qDegreesToRadians(degreesClockwiseFromTwelve);
        return image.pixelColor(int(32 + 28 * std::sin(r)), int(32 - 28 * std::cos(r)));
    };
    QCOMPARE(at(10), QColor(Qt::red));
    QCOMPARE(at(80), QColor(Qt::red));
    QCOMPARE(at(100), QColor(Qt::blue));
    QCOMPARE(at(270), QColor(Qt::blue));
    QCOMPARE(image.pixelColor(32, 32), QColor(Qt::green));  // the app icon inside the ring

    const QImage full = TrayIcon::progressIcon(base, 100, palette, 64).pixmap(64, 64).toImage();
    QCOMPARE(full.pixelColor(int(32 - 28 * std::sin(qDegreesToRadians(90.0))), 32), QColor(Qt::red));
}

void TestTrayIcon::menuPausesResumesAndQuitsThroughTheWindow()
{
    QSignalSpy pause(m_tray.get(), &TrayIcon::pauseAllRequested);
    QSignalSpy resume(m_tray.get(), &TrayIcon::resumeAllRequested);
    QAction *pauseAction = menuAction(u"trayPauseAllAction"_s);
    QAction *resumeAction = menuAction(u"trayResumeAllAction"_s);
    QVERIFY(pauseAction && resumeAction);
    pauseAction->trigger();
    QCOMPARE(pause.count(), 1);
    QCOMPARE(resume.count(), 0);
    resumeAction->trigger();
    QCOMPARE(resume.count(), 1);
    // Quit is the window's own Ctrl+Q action, not a copy of it.
    QVERIFY(m_tray->menu()->actions().contains(m_window->quitAction()));
}

void TestTrayIcon::toggleHidesAndShowsTheWindow()
{
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QAction *toggle = menuAction(u"trayToggleAction"_s);
    QVERIFY(toggle);
    Q_EMIT m_tray->menu()->aboutToShow();
    QCOMPARE(toggle->text(), u"&Hide Window"_s);
    toggle->trigger();
    QVERIFY(!m_window->isVisible());
    Q_EMIT m_tray->menu()->aboutToShow();
    QCOMPARE(toggle->text(), u"&Show Window"_s);
    toggle->trigger();
    QVERIFY(m_window->isVisible());
}

void TestTrayIcon::tooltipFollowsTheModel()
{
    QCOMPARE(m_tray->trayIcon()->toolTip(), TrayStatus::of(*m_model).toolTip());
    TaskSnapshot s;
    s.id = 1;
    s.kind = TaskKind::Download;
    s.status = TaskStatus::of(TaskState::Running);
    s.url = QUrl(u"http://example.org/a.iso"_s);
    s.done = 300;
    s.total = 1000;
    s.speed = 100;
    m_model->applySnapshots({s});
    QCOMPARE(m_tray->status().percent(), 30);
    QCOMPARE(m_tray->trayIcon()->toolTip(), TrayStatus::of(*m_model).toolTip());
    QVERIFY(m_tray->trayIcon()->toolTip().contains(u"30%"_s));
}

void TestTrayIcon::closeHidesToTray_data()
{
    QTest::addColumn<bool>("spontaneous");
    QTest::addColumn<bool>("hideOnClose");
    QTest::addColumn<bool>("hides");
    QTest::newRow("no tray: the close button closes") << true << false << false;
    QTest::newRow("no tray: quit closes") << false << false << false;
    QTest::newRow("tray: the close button hides") << true << true << true;
    QTest::newRow("tray: quit closes") << false << true << false;
}

void TestTrayIcon::closeHidesToTray()
{
    QFETCH(bool, spontaneous);
    QFETCH(bool, hideOnClose);
    QFETCH(bool, hides);
    QCOMPARE(TrayIcon::closeHidesToTray(spontaneous, hideOnClose), hides);
}

void TestTrayIcon::quitFromTheTrayQuitsAHiddenWindow()
{
    QGuiApplication::setQuitOnLastWindowClosed(false);  // this test decides when it ends
    m_tray->setHideOnClose(true);
    m_tray->show();
    QVERIFY(m_tray->hidesOnClose());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    menuAction(u"trayToggleAction"_s)->trigger();
    QVERIFY(!m_window->isVisible());

    // The tray's Quit is the window's: hidden or not, it reaches the quit the app acts on.
    QSignalSpy approved(m_window.get(), &MainWindow::quitApproved);
    QAction *quit = m_window->quitAction();
    QVERIFY(m_tray->menu()->actions().contains(quit));
    quit->trigger();
    QCOMPARE(approved.count(), 1);  // nothing runs: approved without asking
    QVERIFY(!m_window->isVisible());
}

void TestTrayIcon::quitWithWorkRunningAsksInSight()
{
    QGuiApplication::setQuitOnLastWindowClosed(false);
    m_tray->setHideOnClose(true);
    m_tray->show();
    TaskSnapshot running;
    running.id = 1;
    running.kind = TaskKind::Download;
    running.status = TaskStatus::of(TaskState::Running);
    running.url = QUrl(u"http://example.org/a.iso"_s);
    m_model->applySnapshots({running});
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    menuAction(u"trayToggleAction"_s)->trigger();
    QVERIFY(!m_window->isVisible());

    QSignalSpy approved(m_window.get(), &MainWindow::quitApproved);
    m_window->quitAction()->trigger();
    QCOMPARE(approved.count(), 0);
    auto *box = m_window->findChild<QMessageBox *>(u"quitBox"_s);
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());  // the question shows although its window is in the tray
    auto *quitLater = box->findChild<QAbstractButton *>(u"quitLaterButton"_s);
    QVERIFY(quitLater);
    QTest::mouseClick(quitLater, Qt::LeftButton);
    QTRY_COMPARE(approved.count(), 1);
}

void TestTrayIcon::closeWithoutATrayCloses()
{
    m_tray->setHideOnClose(false);
    m_tray->show();
    m_window->show();
    QVERIFY(m_window->close());
    QVERIFY(!m_window->isVisible());
}

void TestTrayIcon::iconShowsWhereThePlatformHasATray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        QSKIP("This platform has no system tray (offscreen or no tray host)");
    TrayIcon tray(m_model.get(), m_window.get(), m_window->quitAction());
    tray.show();
    QVERIFY(tray.trayIcon()->isVisible());
    QVERIFY(tray.hidesOnClose());
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
