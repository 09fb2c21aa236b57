// The German catalogue is compiled into the resources and, once installed for a German locale,
// translates the main window's menus and actions, the tray and notifications (and Qt's own standard
// buttons). Every message of translations/ferry_de.ts is translated, and so is every tr() string of the
// sources: lupdate run over them into a copy finds nothing new.
#include "mainwindow.h"
#include "notificationpolicy.h"
#include "tasktablemodel.h"
#include "translations.h"
#include "trayicon.h"
#include "traystatus.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>
#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void englishNeedsNoCatalogue();
    void germanTranslatesTheMainWindow();
    void germanTranslatesQtsOwnButtons();
    void germanTranslatesTheTrayAndNotifications();
    void everyMessageIsTranslated();
    void everySourceStringIsInTheCatalogue();

private:
    // "context: source" of each message without a finished translation; empty on success.
    static QStringList untranslated(const QString &tsPath, QString *error);
    static QString actionText(const MainWindow &window, const char *name);
    static QStringList menuTitles(MainWindow &window);
};

void TestTranslations::cleanup()
{
    // installTranslations() parents its translators to the application; deleting one uninstalls it.
    qDeleteAll(qApp->findChildren<QTranslator *>(Qt::FindDirectChildrenOnly));
}

QString TestTranslations::actionText(const MainWindow &window, const char *name)
{
    const auto *action = window.findChild<QAction *>(QLatin1StringView(name));
    return action ? action->text() : u"<no action %1>"_s.arg(QLatin1StringView(name));
}

QStringList TestTranslations::menuTitles(MainWindow &window)
{
    QStringList titles;
    for (const QAction *menu : window.menuBar()->actions())
        titles.append(menu->text());
    return titles;
}

void TestTranslations::englishNeedsNoCatalogue()
{
    QVERIFY(!installTranslations(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    QCOMPARE(actionText(window, "pauseAction"), u"&Pause"_s);
}

void TestTranslations::germanTranslatesTheMainWindow()
{
    QVERIFY(installTranslations(qApp, QLocale(QLocale::German, QLocale::Germany)));
    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    QCOMPARE(actionText(window, "pauseAction"), u"&Anhalten"_s);
    QCOMPARE(actionText(window, "resumeAction"), u"&Fortsetzen"_s);
    QCOMPARE(actionText(window, "addAction"), u"URLs &hinzufügen\u2026"_s);
    QCOMPARE(actionText(window, "quitAction"), u"&Beenden"_s);
    const QStringList menus = menuTitles(window);
    QVERIFY2(menus.contains(u"&Datei"_s) && menus.contains(u"&Aufgaben"_s), qPrintable(menus.join(u", "_s)));
    // A plural form from the catalogue.
    QCOMPARE(MainWindow::tr("Added %n download(s)", "", 3), u"3 Downloads hinzugefügt"_s);
}

void TestTranslations::germanTranslatesQtsOwnButtons()
{
    installTranslations(qApp, QLocale(QLocale::German, QLocale::Germany));
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), u"Abbrechen"_s);
}

void TestTranslations::germanTranslatesTheTrayAndNotifications()
{
    QVERIFY(installTranslations(qApp, QLocale(QLocale::German, QLocale::Germany)));
    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    TrayIcon tray(&model, &window, window.quitAction());
    const auto text = [&tray](const QString &name) {
        const auto *action = tray.menu()->findChild<QAction *>(name);
        return action ? action->text() : u"<no action %1>"_s.arg(name);
    };
    QCOMPARE(text(u"trayPauseAllAction"_s), u"Alle an&halten"_s);
    QCOMPARE(text(u"trayResumeAllAction"_s), u"Alle &fortsetzen"_s);

    TrayStatus status;
    status.active = 2;
    status.queued = 1;
    QVERIFY2(status.toolTip().contains(u"2 aktiv \u00b7 1 wartend"_s), qPrintable(status.toolTip()));
    QCOMPARE(NotificationPolicy::tr("%n download(s) finished", "", 3), u"3 Downloads fertig"_s);
    QCOMPARE(NotificationPolicy::tr("Open Folder"), u"Ordner öffnen"_s);
}

QStringList TestTranslations::untranslated(const QString &tsPath, QString *error)
{
    QFile file(tsPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QStringList missing;
    QXmlStreamReader xml(&file);
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const QString type = xml.attributes().value(QLatin1StringView("type")).toString();
            if (type == u"vanished" || type == u"obsolete") {  // not compiled into the catalogue
                xml.skipCurrentElement();
                continue;
            }
            // The text, or for a plural one <numerusform> per form.
            QString text;
            QStringList forms;
            while (!xml.atEnd() && !(xml.readNext() == QXmlStreamReader::EndElement && xml.name() == u"translation")) {
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == u"numerusform")
                    forms.append(xml.readElementText());
            }
            const auto blank = [](const QString &t) { return t.trimmed().isEmpty(); };
            const bool empty = forms.isEmpty() ? blank(text) : std::any_of(forms.cbegin(), forms.cend(), blank);
            if (type == u"unfinished" || empty)
                missing.append(context + u": "_s + source);
        }
    }
    if (xml.hasError())
        *error = u"%1 at line %2"_s.arg(xml.errorString()).arg(xml.lineNumber());
    return missing;
}

void TestTranslations::everyMessageIsTranslated()
{
    QString error;
    const QStringList missing = untranslated(QStringLiteral(FERRY_SOURCE_DIR "/translations/ferry_de.ts"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(missing.isEmpty(), qPrintable(u"Not translated:\n"_s + missing.join(u'\n')));
}

void TestTranslations::everySourceStringIsInTheCatalogue()
{
    QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + u"/lupdate"_s;
    if (!QFile::exists(lupdate))
        lupdate = QStandardPaths::findExecutable(u"lupdate"_s);
    if (lupdate.isEmpty())
        QSKIP("lupdate is not installed (Debian: qt6-l10n-tools); the catalogue is not compared with the sources");
    // A copy, updated the way ui/CMakeLists.txt's update_translations does (same folders, same options):
    // a tr() string nobody translated comes out unfinished.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(u"ferry_de.ts"_s);
    QVERIFY(QFile::copy(QStringLiteral(FERRY_SOURCE_DIR "/translations/ferry_de.ts"), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess process;
    process.setWorkingDirectory(QStringLiteral(FERRY_SOURCE_DIR));
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(lupdate, {u"-no-obsolete"_s, u"-locations"_s, u"none"_s, u"core"_s, u"ui"_s, u"app/desktop"_s,
                            u"-ts"_s, copy});
    QVERIFY2(process.waitForFinished(60000), qPrintable(process.errorString()));
    const QString output = QString::fromUtf8(process.readAll());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(output));
    QString error;
    const QStringList missing = untranslated(copy, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(missing.isEmpty(), qPrintable(u"Not in translations/ferry_de.ts or not translated (run `ninja "
                                           "update_translations` and translate them):\n"_s + missing.join(u'\n')));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
