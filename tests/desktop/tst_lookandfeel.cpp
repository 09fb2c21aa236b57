// Ferry looks right on any palette and at any scale: the window renders at a device pixel ratio of 2
// without a warning, the task table's progress cells and the notice bar take their colours from the
// palette (so a dark palette gives dark cells), and no widget code carries a literal colour.
#include "addurlsdialog.h"
#include "colorscheme.h"
#include "mainwindow.h"
#include "tasktablemodel.h"

#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFrame>
#include <QHeaderView>
#include <QPixmap>
#include <QRegularExpression>
#include <QStyle>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

QStringList g_warnings;
QtMessageHandler g_previousHandler = nullptr;

void collectWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // The offscreen platform's own limitation, not Ferry's.
    if (type >= QtWarningMsg && !message.contains(u"propagateSizeHints"_s))
        g_warnings.append(message);
    g_previousHandler(type, context, message);
}

TaskSnapshot runningDownload()
{
    TaskSnapshot s;
    s.id = 1;
    s.kind = TaskKind::Download;
    s.title = u"big.iso"_s;
    s.url = QUrl(u"https://example.org/big.iso"_s);
    s.status = TaskStatus::of(TaskState::Running);
    s.done = 100;
    s.total = 1000;
    s.speed = 1024 * 1024;
    return s;
}

} // namespace

class TestLookAndFeel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void rendersAtTwiceTheScaleWithoutWarnings();
    void progressCellsAndNoticeFollowADarkPalette();
    void widgetCodeHasNoLiteralColours();

private:
    QPalette m_originalPalette;
};

void TestLookAndFeel::initTestCase()
{
    m_originalPalette = QApplication::palette();
    g_previousHandler = qInstallMessageHandler(collectWarnings);
}

void TestLookAndFeel::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
    QApplication::setPalette(m_originalPalette);
}

void TestLookAndFeel::init()
{
    g_warnings.clear();
}

void TestLookAndFeel::rendersAtTwiceTheScaleWithoutWarnings()
{
    QCOMPARE(qApp->devicePixelRatio(), 2.0);  // QT_SCALE_FACTOR=2, set in main() below
    TaskTableModel model;
    model.applySnapshots({runningDownload()});
    MainWindow window(&model, QDir::tempPath());
    window.showNotice(u"A notice with its icon"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QPixmap shot = window.grab();
    QCOMPARE(shot.devicePixelRatio(), 2.0);
    QCOMPARE(shot.size(), window.size() * 2);

    AddUrlsDialog dialog(QDir::tempPath());
    dialog.setUrlsText(u"https://example.org/a.iso\nnot a url"_s);  // marks a line
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.grab().size(), dialog.size() * 2);
    QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(u'\n')));
}

void TestLookAndFeel::progressCellsAndNoticeFollowADarkPalette()
{
    QApplication::setPalette(darkPalette());
    TaskTableModel model;
    model.applySnapshots({runningDownload()});
    MainWindow window(&model, QDir::tempPath());
    window.showNotice(u"Dark notice"_s);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *view = window.findChild<QTableView *>(u"taskView"_s);
    QVERIFY(view);
    const QRect cell = view->visualRect(view->model()->index(0, TaskTableModel::Progress));
    QVERIFY(!cell.isEmpty());
    const QImage table = view->viewport()->grab().toImage();
    // 10 % done: the right end of the bar is its empty groove, drawn by the style from the palette.
    const QPoint groove = (cell.topLeft() + QPoint(cell.width() * 9 / 10, cell.height() / 2)) * 2;
    QVERIFY2(table.pixelColor(groove).lightness() < 128,
             qPrintable(table.pixelColor(groove).name()));
    const QPoint empty = QPoint(10, view->viewport()->height() - 10) * 2;  // below the rows: Base
    QVERIFY2(table.pixelColor(empty).lightness() < 128, qPrintable(table.pixelColor(empty).name()));

    auto *notice = window.findChild<QFrame *>(u"noticeBar"_s);
    QVERIFY(notice && notice->isVisible());
    const QImage bar = notice->grab().toImage();
    const QColor middle = bar.pixelColor(bar.width() / 2, bar.height() / 2);
    QVERIFY2(middle.lightness() < 128, qPrintable(middle.name()));
    QApplication::setPalette(m_originalPalette);
}

// ui/colorscheme.cpp is the one file allowed to name colours: it defines the dark palette.
void TestLookAndFeel::widgetCodeHasNoLiteralColours()
{
    static const QRegularExpression literal(
        uR"(QColor\s*\(\s*(\d|"#|u"#|QStringLiteral)|QColor::fromRgb|QColorConstants|setStyleSheet|)"
        uR"(Qt::(red|green|blue|black|white|yellow|gray|darkGray|lightGray|cyan|magenta|darkRed|darkGreen|darkBlue)\b)"_s);
    QStringList found;
    QDirIterator files(QStringLiteral(FERRY_SOURCE_DIR) + u"/ui"_s, {u"*.cpp"_s, u"*.h"_s}, QDir::Files);
    int scanned = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        if (path.contains(u"/colorscheme."_s))
            continue;
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        ++scanned;
        int number = 0;
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine());
            ++number;
            if (literal.match(line).hasMatch())
                found.append(u"%1:%2: %3"_s.arg(QFileInfo(path).fileName()).arg(number).arg(line.trimmed()));
        }
    }
    QVERIFY(scanned > 5);
    QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
}

int main(int argc, char *argv[])
{
    // Before QApplication: the scale is fixed when it starts.
    qputenv("QT_SCALE_FACTOR", "2");
    QApplication app(argc, argv);
    QApplication::setStyle(u"Fusion"_s);  // the style that draws with the palette it is given
    TestLookAndFeel test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_lookandfeel.moc"
