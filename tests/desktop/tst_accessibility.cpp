// Every control a keyboard can reach, in the main window and the dialogs, has a name a screen reader
// can say (its accessible name, or the text of its label buddy), and every input control can be
// reached by keyboard. The walk runs over the real widget trees, so a control added later is checked too.
#include "accessibilityaudit.h"
#include "addurlsdialog.h"
#include "localfilesdialog.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "tasktablemodel.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestAccessibility : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mainWindowControlsAreNamed();
    void addDialogControlsAreNamed();
    void localFilesDialogControlsAreNamed();
    void settingsDialogControlsAreNamed();
    void aNamelessControlIsReported();
};

void TestAccessibility::mainWindowControlsAreNamed()
{
    TaskTableModel model;
    MainWindow window(&model, QDir::tempPath());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList problems = Test::accessibilityProblems(&window);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestAccessibility::addDialogControlsAreNamed()
{
    AddUrlsDialog dialog(QDir::tempPath());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QStringList problems = Test::accessibilityProblems(&dialog);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestAccessibility::localFilesDialogControlsAreNamed()
{
    LocalFilesDialog dialog(QDir::tempPath());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QStringList problems = Test::accessibilityProblems(&dialog);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestAccessibility::settingsDialogControlsAreNamed()
{
    SettingsDialog dialog(Preferences{});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QStringList problems = Test::accessibilityProblems(&dialog);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

// The audit itself: a line edit without name or label, a button a keyboard cannot reach, and a label
// whose mnemonic leads nowhere are each reported, by name, in the order they were made.
void TestAccessibility::aNamelessControlIsReported()
{
    QWidget window;
    auto *layout = new QHBoxLayout(&window);
    auto *nameless = new QLineEdit(&window);
    nameless->setObjectName(u"namelessEdit"_s);
    auto *named = new QLineEdit(&window);
    named->setAccessibleName(u"Named"_s);
    auto *unreachable = new QPushButton(u"Go"_s, &window);
    unreachable->setObjectName(u"unreachableButton"_s);
    unreachable->setFocusPolicy(Qt::NoFocus);
    auto *lonely = new QLabel(u"&Lonely:"_s, &window);
    lonely->setObjectName(u"lonelyLabel"_s);
    layout->addWidget(lonely);
    layout->addWidget(nameless);
    layout->addWidget(named);
    layout->addWidget(unreachable);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const QStringList problems = Test::accessibilityProblems(&window);
    QCOMPARE(problems.size(), 3);
    QVERIFY2(problems.at(0).contains(u"namelessEdit"_s), qPrintable(problems.at(0)));
    QVERIFY2(problems.at(1).contains(u"unreachableButton"_s), qPrintable(problems.at(1)));
    QVERIFY2(problems.at(2).contains(u"lonelyLabel"_s), qPrintable(problems.at(2)));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
