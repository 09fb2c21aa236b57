// The settings dialog: opened non-modally with Ctrl+, from the window, it shows the user's settings
// with Preferences' limits, and OK/Apply save them through PreferencesStore (a fresh store over the
// same file reads them back) and reach the engine on its thread (EngineHost, as the app wires it).
#include "engine/taskengine.h"
#include "enginehost.h"
#include "mainwindow.h"
#include "net/downloadmanager.h"
#include "settingsdialog.h"
#include "tasktablemodel.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsTheSettingsWithTheirLimits();
    void everyControlIsLabelledAndReachable();
    void ctrlCommaOpensItWithoutBlocking();
    void okSavesAndTheEngineTakesThem();
    void applyKeepsItOpenAndCancelDropsEdits();
    void aRelativeFolderIsRefused();

private:
    QSpinBox *spin(const char *name) const;
    SettingsDialog *openDialog();
    // The engine's limits and download options, read on its thread.
    std::pair<TaskEngine::Limits, DownloadOptions> engineState();

    QTemporaryDir m_dir;
    QString m_file;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<PreferencesStore> m_store;
    std::unique_ptr<EngineHost> m_host;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
    SettingsDialog *m_dialog = nullptr;
};

void TestSettingsDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);  // the window's own QSettings stay out of the real home
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(u"ferry.ini"_s);
}

void TestSettingsDialog::init()
{
    QFile::remove(m_file);
    m_settings = std::make_unique<QSettings>(m_file, QSettings::IniFormat);
    m_store = std::make_unique<PreferencesStore>(*m_settings);
    Preferences start;
    start.maxConcurrentDownloads = 5;
    start.speedLimit = 300 * 1024;
    start.latencyOverlay = true;  // not in the dialog: must pass through untouched
    m_store->save(start);

    m_host = std::make_unique<EngineHost>();
    m_model = std::make_unique<TaskTableModel>();
    m_host->connectModel(m_model.get());
    m_window = std::make_unique<MainWindow>(m_model.get(), m_dir.path(), nullptr, true);
    m_window->setPreferencesStore(m_store.get());
    m_host->connectWindow(m_window.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestSettingsDialog::cleanup()
{
    m_dialog = nullptr;
    m_window.reset();
    m_host.reset();
    m_model.reset();
    m_store.reset();
    m_settings.reset();
}

QSpinBox *TestSettingsDialog::spin(const char *name) const
{
    auto *found = m_dialog->findChild<QSpinBox *>(QLatin1StringView(name));
    if (!found)
        qFatal("no spin box %s", name);
    return found;
}

SettingsDialog *TestSettingsDialog::openDialog()
{
    m_window->findChild<QAction *>(u"settingsAction"_s)->trigger();
    m_dialog = m_window->findChild<SettingsDialog *>();
    return m_dialog;
}

std::pair<TaskEngine::Limits, DownloadOptions> TestSettingsDialog::engineState()
{
    TaskEngine *engine = m_host->engine();
    auto state = std::make_shared<std::pair<TaskEngine::Limits, DownloadOptions>>();
    auto done = std::make_shared<std::atomic_bool>(false);
    QMetaObject::invokeMethod(engine, [engine, state, done] {
        *state = {engine->limits(), engine->downloads().options()};
        done->store(true, std::memory_order_release);
    });
    if (!QTest::qWaitFor([&] { return done->load(std::memory_order_acquire); }, 10000))
        qFatal("the engine did not answer");
    return *state;
}

void TestSettingsDialog::showsTheSettingsWithTheirLimits()
{
    QVERIFY(openDialog());
    QCOMPARE(spin("maxDownloadsSpin")->value(), 5);
    QCOMPARE(spin("speedLimitSpin")->value(), 300);
    QCOMPARE(spin("retriesSpin")->value(), Preferences().retries);
    const std::pair<const char *, Preferences::Range> ranges[] = {
        {"maxDownloadsSpin", Preferences::DownloadsRange},   {"perHostSpin", Preferences::PerHostRange},
        {"connectionsSpin", Preferences::ConnectionsRange},  {"processingJobsSpin", Preferences::ProcessingJobsRange},
        {"retriesSpin", Preferences::RetriesRange},          {"stallTimeoutSpin", Preferences::StallTimeoutRange},
    };
    for (const auto &[name, range] : ranges) {
        QCOMPARE(spin(name)->minimum(), range.min);
        QCOMPARE(spin(name)->maximum(), range.max);
    }
    // Typing past a limit stops at it, as Preferences::clamped() would.
    QSpinBox *stall = spin("stallTimeoutSpin");
    stall->setValue(1);
    QCOMPARE(stall->value(), Preferences::StallTimeoutRange.min);
    QCOMPARE(m_dialog->preferences().stallTimeoutSeconds, Preferences::StallTimeoutRange.min);
    QVERIFY(!m_dialog->findChild<QCheckBox *>(u"clipboardCheck"_s)->isChecked());  // off by default
}

void TestSettingsDialog::everyControlIsLabelledAndReachable()
{
    QVERIFY(openDialog());
    const QList<QWidget *> controls = m_dialog->findChildren<QWidget *>();
    int inputs = 0;
    for (QWidget *w : controls) {
        if (!qobject_cast<QSpinBox *>(w) && !qobject_cast<QComboBox *>(w) && !qobject_cast<QCheckBox *>(w)
            && !(qobject_cast<QLineEdit *>(w) && !qobject_cast<QSpinBox *>(w->parentWidget())))
            continue;
        ++inputs;
        QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        QVERIFY2(w->focusPolicy() & Qt::TabFocus, qPrintable(w->objectName()));
    }
    QCOMPARE(inputs, 11);
    // Every label with a mnemonic leads to its control.
    int labels = 0;
    for (QLabel *label : m_dialog->findChildren<QLabel *>()) {
        if (!label->text().contains(u'&'))
            continue;
        ++labels;
        QVERIFY2(label->buddy(), qPrintable(label->text()));
    }
    QCOMPARE(labels, 9);
}

void TestSettingsDialog::ctrlCommaOpensItWithoutBlocking()
{
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
    // keyClick returns: nothing ran a nested event loop. The dialog is up and not modal.
    m_dialog = m_window->findChild<SettingsDialog *>();
    QVERIFY(m_dialog);
    QVERIFY(m_dialog->isVisible());
    QVERIFY(!m_dialog->isModal());
    // A second Ctrl+, raises the same dialog.
    m_window->openSettingsDialog();
    QCOMPARE(m_window->findChildren<SettingsDialog *>().size(), 1);
}

void TestSettingsDialog::okSavesAndTheEngineTakesThem()
{
    QVERIFY(openDialog());
    QSignalSpy changed(m_window.get(), &MainWindow::preferencesChanged);
    spin("maxDownloadsSpin")->setValue(9);
    spin("perHostSpin")->setValue(2);
    spin("processingJobsSpin")->setValue(3);
    spin("connectionsSpin")->setValue(4);
    spin("retriesSpin")->setValue(7);
    spin("stallTimeoutSpin")->setValue(90);
    // Typed, like a user would.
    QSpinBox *limit = spin("speedLimitSpin");
    limit->setFocus();
    limit->selectAll();
    QTest::keyClicks(limit, u"2048"_s);
    auto *onStart = m_dialog->findChild<QComboBox *>(u"onStartCombo"_s);
    onStart->setCurrentIndex(onStart->findText(u"Keep them paused"_s));
    m_dialog->findChild<QCheckBox *>(u"notificationsCheck"_s)->setChecked(false);
    m_dialog->findChild<QCheckBox *>(u"clipboardCheck"_s)->setChecked(true);
    const QString folder = m_dir.filePath(u"incoming"_s);
    m_dialog->findChild<QLineEdit *>(u"downloadFolderEdit"_s)->setText(folder);
    QTest::mouseClick(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QTRY_VERIFY(!m_window->findChild<SettingsDialog *>());  // closed and deleted

    // A fresh store over the same file reads back what was set.
    QSettings reread(m_file, QSettings::IniFormat);
    const Preferences saved = PreferencesStore(reread).load();
    QCOMPARE(saved.maxConcurrentDownloads, 9);
    QCOMPARE(saved.downloadsPerHost, 2);
    QCOMPARE(saved.maxProcessingJobs, 3);
    QCOMPARE(saved.connectionsPerDownload, 4);
    QCOMPARE(saved.retries, 7);
    QCOMPARE(saved.stallTimeoutSeconds, 90);
    QCOMPARE(saved.speedLimit, 2048 * 1024);
    QCOMPARE(saved.onStart, Preferences::OnStart::KeepPaused);
    QCOMPARE(saved.notifications, false);
    QCOMPARE(saved.clipboardMonitoring, true);
    QCOMPARE(saved.downloadFolder, folder);
    QCOMPARE(saved.latencyOverlay, true);
    QCOMPARE(m_window->preferences(), saved);
    // The folder is where the next add dialog starts (unless `ferry --dir` forced one: this window's).
    QCOMPARE(m_window->downloadDirectory(), m_dir.path());
    // New downloads start with the default connections.
    m_window->openAddDialog();
    auto *add = m_window->findChild<QDialog *>(u"addUrlsDialog"_s);
    QVERIFY(add);
    QCOMPARE(add->findChild<QSpinBox *>(u"connectionsSpin"_s)->value(), 4);
    add->reject();

    // And the engine has them, without a restart.
    const auto [limits, options] = engineState();
    QCOMPARE(limits.network, 9);
    QCOMPARE(limits.perHost, 2);
    QCOMPARE(limits.cpu, 3);
    QCOMPARE(options.retry.maxRetries, 7);
    QCOMPARE(options.stallTimeout, std::chrono::seconds(90));
}

void TestSettingsDialog::applyKeepsItOpenAndCancelDropsEdits()
{
    QVERIFY(openDialog());
    spin("retriesSpin")->setValue(11);
    QTest::mouseClick(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Apply), Qt::LeftButton);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(m_store->load().retries, 11);
    QTRY_COMPARE(engineState().second.retry.maxRetries, 11);

    spin("retriesSpin")->setValue(42);
    QTest::mouseClick(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(m_store->load().retries, 11);
    QCOMPARE(m_window->preferences().retries, 11);
    QTRY_VERIFY(!m_window->findChild<SettingsDialog *>());

    // Reopened, it shows what was applied; "Restore Defaults" only changes the controls.
    QVERIFY(openDialog());
    QCOMPARE(spin("retriesSpin")->value(), 11);
    QTest::mouseClick(m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::RestoreDefaults),
                      Qt::LeftButton);
    QCOMPARE(spin("retriesSpin")->value(), Preferences().retries);
    QCOMPARE(m_store->load().retries, 11);
}

void TestSettingsDialog::aRelativeFolderIsRefused()
{
    QVERIFY(openDialog());
    auto *folder = m_dialog->findChild<QLineEdit *>(u"downloadFolderEdit"_s);
    QPushButton *ok = m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    folder->setText(u"relative/folder"_s);
    QVERIFY(!ok->isEnabled());
    QVERIFY(m_dialog->findChild<QLabel *>(u"problemLabel"_s)->isVisibleTo(m_dialog));
    folder->clear();  // empty: the system's download folder
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(m_store->load().downloadFolder, QString());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
