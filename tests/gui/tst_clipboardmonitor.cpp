// Clipboard monitoring: off by default; when the settings turn it on, a copied URL is offered in a
// quiet bar whose "Add…" opens the add dialog prefilled; the same URL is not offered twice in a row,
// text that is not only URLs is not offered, and what Ferry copies itself (Copy URL) is not offered.
#include "addurlsdialog.h"
#include "clipboardmonitor.h"
#include "config/preferences.h"
#include "linkofferbar.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "tasktablemodel.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestClipboardMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void monitorOffersOnlyNewLinks();
    void offByDefaultInTheWindow();
    void onOffersTheLinkAndAddOpensTheDialog();
    void ferrysOwnCopyIsNotOffered();

private:
    void enableMonitoring(bool on);
    LinkOfferBar *bar() const { return m_window->findChild<LinkOfferBar *>(u"linkOfferBar"_s); }

    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<PreferencesStore> m_store;
    std::unique_ptr<TaskTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
};

void TestClipboardMonitor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestClipboardMonitor::init()
{
    QGuiApplication::clipboard()->clear();
    QFile::remove(m_dir.filePath(u"ferry.ini"_s));
    m_settings = std::make_unique<QSettings>(m_dir.filePath(u"ferry.ini"_s), QSettings::IniFormat);
    m_store = std::make_unique<PreferencesStore>(*m_settings);
    m_model = std::make_unique<TaskTableModel>();
    m_window = std::make_unique<MainWindow>(m_model.get(), m_dir.path(), nullptr, true);
    m_window->setPreferencesStore(m_store.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(bar());
}

void TestClipboardMonitor::cleanup()
{
    m_window.reset();
    m_model.reset();
    m_store.reset();
    m_settings.reset();
}

// Through the settings dialog, as the user would.
void TestClipboardMonitor::enableMonitoring(bool on)
{
    m_window->openSettingsDialog();
    auto *dialog = m_window->findChild<SettingsDialog *>();
    QVERIFY(dialog);
    dialog->findChild<QCheckBox *>(u"clipboardCheck"_s)->setChecked(on);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(m_store->load().clipboardMonitoring, on);
    QTRY_VERIFY(!m_window->findChild<SettingsDialog *>());
}

void TestClipboardMonitor::monitorOffersOnlyNewLinks()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    ClipboardMonitor monitor(clipboard);
    QSignalSpy offered(&monitor, &ClipboardMonitor::offered);
    clipboard->setText(u"https://example.org/a.iso"_s);
    QVERIFY(!monitor.isEnabled());
    QCOMPARE(offered.count(), 0);

    monitor.setEnabled(true);
    clipboard->setText(u"https://example.org/a.iso"_s);
    QTRY_COMPARE(offered.count(), 1);
    QCOMPARE(offered.at(0).at(0).value<QList<QUrl>>(), QList<QUrl>{QUrl(u"https://example.org/a.iso"_s)});
    clipboard->setText(u"https://example.org/a.iso"_s);  // the same again: not offered twice in a row
    clipboard->setText(u"not a link, just words"_s);
    clipboard->setText(u"https://example.org/b.iso and some words"_s);
    clipboard->setText(u"ftp://example.org/c.iso"_s);
    ClipboardMonitor::copyText(u"https://example.org/ours.iso"_s);
    clipboard->setText(u"https://example.org/b.iso\nhttps://example.org/c.iso\n"_s);
    QTRY_COMPARE(offered.count(), 2);
    QCOMPARE(offered.at(1).at(0).value<QList<QUrl>>(),
             (QList<QUrl>{QUrl(u"https://example.org/b.iso"_s), QUrl(u"https://example.org/c.iso"_s)}));
    clipboard->setText(u"https://example.org/a.iso"_s);  // not in a row any more
    QTRY_COMPARE(offered.count(), 3);
}

void TestClipboardMonitor::offByDefaultInTheWindow()
{
    QVERIFY(!m_window->preferences().clipboardMonitoring);
    QGuiApplication::clipboard()->setText(u"https://example.org/a.iso"_s);
    QVERIFY(!bar()->isVisible());
    // The same copy is offered once the user turns monitoring on: the bar is what "off" kept hidden.
    enableMonitoring(true);
    QGuiApplication::clipboard()->setText(u"https://example.org/b.iso"_s);
    QTRY_VERIFY(bar()->isVisible());
}

void TestClipboardMonitor::onOffersTheLinkAndAddOpensTheDialog()
{
    enableMonitoring(true);
    QGuiApplication::clipboard()->setText(u"https://example.org/disk.img"_s);
    QTRY_VERIFY(bar()->isVisible());
    QVERIFY(bar()->findChild<QLabel *>(u"linkOfferLabel"_s)->text().contains(u"https://example.org/disk.img"_s));
    QVERIFY(!m_window->findChild<AddUrlsDialog *>());  // an offer, not a dialog in the user's face

    QTest::mouseClick(bar()->findChild<QPushButton *>(u"linkOfferAdd"_s), Qt::LeftButton);
    QVERIFY(!bar()->isVisible());
    auto *dialog = m_window->findChild<AddUrlsDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QPlainTextEdit *>(u"urlsEdit"_s)->toPlainText(), u"https://example.org/disk.img"_s);
    dialog->reject();

    QTRY_VERIFY(!m_window->findChild<AddUrlsDialog *>());

    // Turned off in the settings: the next copy is left alone.
    enableMonitoring(false);
    QGuiApplication::clipboard()->setText(u"https://example.org/other.img"_s);
    QVERIFY(!bar()->isVisible());
    // And on again at the next start (read from the store).
    Preferences p = m_store->load();
    p.clipboardMonitoring = true;
    m_store->save(p);
    m_window->setPreferencesStore(m_store.get());
    QGuiApplication::clipboard()->setText(u"https://example.org/third.img"_s);
    QTRY_VERIFY(bar()->isVisible());
}

void TestClipboardMonitor::ferrysOwnCopyIsNotOffered()
{
    enableMonitoring(true);
    TaskSnapshot s;
    s.id = 1;
    s.kind = TaskKind::Download;
    s.url = QUrl(u"https://example.org/mine.iso"_s);
    s.status = TaskStatus::of(TaskState::Running);
    m_model->applySnapshots({s});
    m_window->findChild<QTableView *>(u"taskView"_s)->selectAll();
    m_window->findChild<QAction *>(u"copyUrlAction"_s)->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), u"https://example.org/mine.iso"_s);
    QVERIFY(!bar()->isVisible());
    // A copy from elsewhere still is.
    QGuiApplication::clipboard()->setText(u"https://example.org/theirs.iso"_s);
    QTRY_VERIFY(bar()->isVisible());
}

QTEST_MAIN(TestClipboardMonitor)
#include "tst_clipboardmonitor.moc"
