// The German catalogue is compiled into the resources and, once installed for a German locale,
// translates the main window's menus and actions (and Qt's own standard buttons).
#include "mainwindow.h"
#include "tasktablemodel.h"
#include "translations.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QMenuBar>
#include <QPushButton>
#include <QTest>
#include <QTranslator>

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

private:
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

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
