// The add dialog and the local-files dialog produce the requests and the recipe the engine gets.
#include "addurlsdialog.h"
#include "localfilesdialog.h"
#include "mainwindow.h"
#include "tasktablemodel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <memory>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestAddDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void requestsAndRecipeFromTheForm();
    void badLinesAreMarkedAndKept();
    void checksumListUrlTurnsVerifyOn();
    void oneExpectedChecksumNeedsOneUrl();
    void fileNameOnlyForOneUrl();
    void deleteArchiveOnlyWithExtract();
    void windowRemembersTheFolder();
    void localFilesGiveTheirPathsAndSteps();
    void parseUrlLines_data();
    void parseUrlLines();
    void parseChecksumInput_data();
    void parseChecksumInput();

private:
    template<typename T> T *child(const char *name) const
    {
        auto *found = m_dialog->findChild<T *>(QLatin1StringView(name));
        if (!found)
            qFatal("no child %s", name);
        return found;
    }
    QPushButton *okButton() const { return m_dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok); }

    std::unique_ptr<QDialog> m_dialog;
};

void TestAddDialogs::init()
{
    QSettings().clear();
    m_dialog = std::make_unique<AddUrlsDialog>(QDir::tempPath());
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
}

void TestAddDialogs::cleanup()
{
    m_dialog.reset();
}

void TestAddDialogs::requestsAndRecipeFromTheForm()
{
    QSignalSpy submitted(static_cast<AddUrlsDialog *>(m_dialog.get()), &AddUrlsDialog::submitted);
    QVERIFY(!okButton()->isEnabled());  // nothing typed yet
    child<QPlainTextEdit>("urlsEdit")->setPlainText(u"https://example.org/a.tar.gz\n\nhttp://example.com/b.tar.gz\n"_s);
    child<QLineEdit>("directoryEdit")->setText(u"/srv/in"_s);
    child<QSpinBox>("connectionsSpin")->setValue(6);
    child<QSpinBox>("rateLimitSpin")->setValue(512);
    child<QCheckBox>("verifyCheck")->setChecked(true);
    child<QCheckBox>("extractCheck")->setChecked(true);
    child<QCheckBox>("deleteArchiveCheck")->setChecked(true);
    child<QCheckBox>("thumbnailsCheck")->setChecked(true);
    child<QSpinBox>("thumbnailSizeSpin")->setValue(128);
    QVERIFY(okButton()->isEnabled());
    QTest::mouseClick(okButton(), Qt::LeftButton);

    QCOMPARE(submitted.count(), 1);
    const auto requests = submitted.at(0).at(0).value<QList<DownloadRequest>>();
    const auto recipe = submitted.at(0).at(1).value<Recipe>();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).url, QUrl(u"https://example.org/a.tar.gz"_s));
    QCOMPARE(requests.at(1).url, QUrl(u"http://example.com/b.tar.gz"_s));
    for (const DownloadRequest &request : requests) {
        QCOMPARE(request.directory, u"/srv/in"_s);
        QCOMPARE(request.connections, 6);
        QCOMPARE(request.rateLimit, 512 * 1024);
        QVERIFY(request.fileName.isEmpty());
        QVERIFY(!request.expected.isSet());
    }
    QVERIFY(recipe.verify);
    QVERIFY(recipe.extract);
    QVERIFY(recipe.deleteArchive);
    QVERIFY(!recipe.decompress);
    QCOMPARE(recipe.thumbnailSize, 128);
    QVERIFY(recipe.checksumUrl.isEmpty());
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
}

void TestAddDialogs::badLinesAreMarkedAndKept()
{
    QSignalSpy submitted(static_cast<AddUrlsDialog *>(m_dialog.get()), &AddUrlsDialog::submitted);
    auto *urls = child<QPlainTextEdit>("urlsEdit");
    const QString text = u"https://example.org/a.iso\nftp.example.org/b.zip\nhttps://example.org/c.iso\nnot a url"_s;
    urls->setPlainText(text);
    auto *problem = child<QLabel>("urlProblemLabel");
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"2, 4"_s), qPrintable(problem->text()));
    // Each bad line is marked where it is, and nothing is taken out of the text.
    const QList<QTextEdit::ExtraSelection> marks = urls->extraSelections();
    QCOMPARE(marks.size(), 2);
    QCOMPARE(marks.at(0).cursor.blockNumber(), 1);
    QCOMPARE(marks.at(1).cursor.blockNumber(), 3);
    QCOMPARE(urls->toPlainText(), text);
    QVERIFY(!okButton()->isEnabled());
    QTest::mouseClick(okButton(), Qt::LeftButton);
    QCOMPARE(submitted.count(), 0);

    urls->setPlainText(u"https://example.org/a.iso\nhttps://example.org/b.zip"_s);
    QVERIFY(!problem->isVisible());
    QVERIFY(urls->extraSelections().isEmpty());
    QVERIFY(okButton()->isEnabled());
}

void TestAddDialogs::checksumListUrlTurnsVerifyOn()
{
    QSignalSpy submitted(static_cast<AddUrlsDialog *>(m_dialog.get()), &AddUrlsDialog::submitted);
    child<QPlainTextEdit>("urlsEdit")->setPlainText(u"https://example.org/a.iso https://example.org/b.iso"_s);
    child<QLineEdit>("checksumEdit")->setText(u"https://example.org/SHA256SUMS"_s);
    QTest::mouseClick(okButton(), Qt::LeftButton);
    QCOMPARE(submitted.count(), 1);
    const auto recipe = submitted.at(0).at(1).value<Recipe>();
    QVERIFY(recipe.verify);
    QCOMPARE(recipe.checksumUrl, QUrl(u"https://example.org/SHA256SUMS"_s));
    QCOMPARE(submitted.at(0).at(0).value<QList<DownloadRequest>>().size(), 2);
}

void TestAddDialogs::oneExpectedChecksumNeedsOneUrl()
{
    QSignalSpy submitted(static_cast<AddUrlsDialog *>(m_dialog.get()), &AddUrlsDialog::submitted);
    const QString hex = u"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_s;
    child<QPlainTextEdit>("urlsEdit")->setPlainText(u"https://example.org/a.iso\nhttps://example.org/b.iso"_s);
    child<QLineEdit>("checksumEdit")->setText(u"sha256:"_s + hex);
    QVERIFY(!okButton()->isEnabled());
    QVERIFY(child<QLabel>("problemLabel")->isVisible());

    child<QPlainTextEdit>("urlsEdit")->setPlainText(u"https://example.org/a.iso"_s);
    QVERIFY(okButton()->isEnabled());
    QTest::mouseClick(okButton(), Qt::LeftButton);
    QCOMPARE(submitted.count(), 1);
    const DownloadRequest request = submitted.at(0).at(0).value<QList<DownloadRequest>>().value(0);
    QCOMPARE(request.expected.algorithm, HashAlgorithm::Sha256);
    QCOMPARE(request.expected.digest, QByteArray::fromHex(hex.toLatin1()));
}

void TestAddDialogs::fileNameOnlyForOneUrl()
{
    QSignalSpy submitted(static_cast<AddUrlsDialog *>(m_dialog.get()), &AddUrlsDialog::submitted);
    auto *name = child<QLineEdit>("fileNameEdit");
    child<QPlainTextEdit>("urlsEdit")->setPlainText(u"https://example.org/a\nhttps://example.org/b"_s);
    QVERIFY(!name->isEnabled());
    child<QPlainTextEdit>("urlsEdit")->setPlainText(u"https://example.org/a"_s);
    QVERIFY(name->isEnabled());
    name->setText(u"  renamed.iso "_s);
    QTest::mouseClick(okButton(), Qt::LeftButton);
    QCOMPARE(submitted.at(0).at(0).value<QList<DownloadRequest>>().value(0).fileName, u"renamed.iso"_s);
}

void TestAddDialogs::deleteArchiveOnlyWithExtract()
{
    QSignalSpy submitted(static_cast<AddUrlsDialog *>(m_dialog.get()), &AddUrlsDialog::submitted);
    auto *extract = child<QCheckBox>("extractCheck");
    auto *remove = child<QCheckBox>("deleteArchiveCheck");
    QVERIFY(!remove->isEnabled());
    extract->setChecked(true);
    QVERIFY(remove->isEnabled());
    remove->setChecked(true);
    extract->setChecked(false);
    child<QPlainTextEdit>("urlsEdit")->setPlainText(u"https://example.org/a.zip"_s);
    QTest::mouseClick(okButton(), Qt::LeftButton);
    const auto recipe = submitted.at(0).at(1).value<Recipe>();
    QVERIFY(!recipe.extract);
    QVERIFY(!recipe.deleteArchive);  // never without the extraction it belongs to
    QVERIFY(recipe.isEmpty());
}

void TestAddDialogs::windowRemembersTheFolder()
{
    TaskTableModel model;
    auto window = std::make_unique<MainWindow>(&model, QDir::tempPath());
    QSignalSpy added(window.get(), &MainWindow::addRequested);
    window->openAddDialog(u"https://example.org/a"_s);
    auto *dialog = window->findChild<AddUrlsDialog *>();
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QLineEdit *>(u"directoryEdit"_s)->text(), QDir::tempPath());
    dialog->findChild<QLineEdit *>(u"directoryEdit"_s)->setText(u"/srv/elsewhere"_s);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(added.count(), 1);  // after the duplicate check looked at the folder, off the GUI thread
    QCOMPARE(window->downloadDirectory(), u"/srv/elsewhere"_s);

    // A new window (a new session) starts in the remembered folder, unless --dir forces one.
    auto next = std::make_unique<MainWindow>(&model, QDir::tempPath());
    QCOMPARE(next->downloadDirectory(), u"/srv/elsewhere"_s);
    auto forced = std::make_unique<MainWindow>(&model, u"/srv/forced"_s, nullptr, true);
    QCOMPARE(forced->downloadDirectory(), u"/srv/forced"_s);
}

void TestAddDialogs::localFilesGiveTheirPathsAndSteps()
{
    LocalFilesDialog dialog(QDir::tempPath());
    dialog.show();
    QSignalSpy submitted(&dialog, &LocalFilesDialog::submitted);
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    dialog.addPaths({u"/srv/photos.zip"_s, u"/srv/pictures"_s});
    QVERIFY(!ok->isEnabled());  // no step chosen yet
    dialog.findChild<QCheckBox *>(u"thumbnailsCheck"_s)->setChecked(true);
    dialog.findChild<QCheckBox *>(u"extractCheck"_s)->setChecked(true);
    QVERIFY(ok->isEnabled());
    dialog.addPaths({u"/srv/pictures"_s});  // no duplicates
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(submitted.count(), 1);
    QCOMPARE(submitted.at(0).at(0).toStringList(), (QStringList{u"/srv/photos.zip"_s, u"/srv/pictures"_s}));
    const auto recipe = submitted.at(0).at(1).value<Recipe>();
    QVERIFY(recipe.extract);
    QCOMPARE(recipe.thumbnailSize, 256);

    dialog.findChild<QPlainTextEdit *>(u"pathsEdit"_s)->setPlainText(u"relative/file"_s);
    QVERIFY(!ok->isEnabled());
}

void TestAddDialogs::parseUrlLines_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<int>("valid");
    QTest::addColumn<QStringList>("rejected");
    QTest::addColumn<QList<int>>("rejectedLines");
    QTest::newRow("http and https") << QStringList{u"http://a.example/x"_s, u"HTTPS://b.example/y"_s} << 2
                                    << QStringList{} << QList<int>{};
    QTest::newRow("blank lines skipped") << QStringList{u""_s, u"   "_s, u"http://a.example/"_s} << 1
                                         << QStringList{} << QList<int>{};
    QTest::newRow("other schemes") << QStringList{u"ftp://a.example/x"_s, u"file:///etc/passwd"_s} << 0
                                   << QStringList{u"ftp://a.example/x"_s, u"file:///etc/passwd"_s} << QList<int>{0, 1};
    QTest::newRow("no scheme") << QStringList{u"example.org/file"_s} << 0 << QStringList{u"example.org/file"_s}
                               << QList<int>{0};
    QTest::newRow("no host") << QStringList{u"http:///path"_s} << 0 << QStringList{u"http:///path"_s} << QList<int>{0};
    QTest::newRow("two on one line") << QStringList{u"http://a.example/x\thttp://b.example/y"_s} << 2
                                     << QStringList{} << QList<int>{};
    QTest::newRow("words around a url") << QStringList{u""_s, u"get http://a.example/x now"_s} << 1
                                        << QStringList{u"get"_s, u"now"_s} << QList<int>{1};
}

void TestAddDialogs::parseUrlLines()
{
    QFETCH(QStringList, lines);
    QFETCH(int, valid);
    QFETCH(QStringList, rejected);
    QFETCH(QList<int>, rejectedLines);
    const ParsedUrls parsed = Ferry::parseUrlLines(lines);
    QCOMPARE(parsed.urls.size(), valid);
    QCOMPARE(parsed.rejected, rejected);
    QCOMPARE(parsed.rejectedLines, rejectedLines);
}

void TestAddDialogs::parseChecksumInput_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("algorithm");  // -1: no digest
    QTest::addColumn<QString>("listUrl");
    QTest::addColumn<bool>("problem");
    const QString sha256 = u"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"_s;
    QTest::newRow("empty") << u"  "_s << -1 << QString() << false;
    QTest::newRow("bare sha256") << sha256 << int(HashAlgorithm::Sha256) << QString() << false;
    QTest::newRow("prefixed") << (u" sha256:"_s + sha256.toLower()) << int(HashAlgorithm::Sha256) << QString() << false;
    QTest::newRow("bare md5") << u"d41d8cd98f00b204e9800998ecf8427e"_s << int(HashAlgorithm::Md5) << QString() << false;
    QTest::newRow("sha1 prefix") << u"sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709"_s << int(HashAlgorithm::Sha1)
                                 << QString() << false;
    QTest::newRow("prefix of the wrong length") << (u"sha1:"_s + sha256) << -1 << QString() << true;
    QTest::newRow("unknown prefix") << (u"crc32:"_s + sha256) << -1 << QString() << true;
    QTest::newRow("not hex") << sha256.left(63) + u'g' << -1 << QString() << true;
    QTest::newRow("odd length") << u"abc"_s << -1 << QString() << true;
    QTest::newRow("list url") << u"https://example.org/SHA256SUMS"_s << -1 << u"https://example.org/SHA256SUMS"_s << false;
}

void TestAddDialogs::parseChecksumInput()
{
    QFETCH(QString, text);
    QFETCH(int, algorithm);
    QFETCH(QString, listUrl);
    QFETCH(bool, problem);
    const ChecksumInput parsed = Ferry::parseChecksumInput(text);
    QCOMPARE(parsed.expected.isSet(), algorithm >= 0);
    if (algorithm >= 0) {
        QCOMPARE(int(parsed.expected.algorithm), algorithm);
        QCOMPARE(parsed.expected.digest.size(), hashDigestLength(HashAlgorithm(algorithm)));
    }
    QCOMPARE(parsed.listUrl, listUrl.isEmpty() ? QUrl() : QUrl(listUrl));
    QCOMPARE(!parsed.problem.isEmpty(), problem);
}

QTEST_MAIN(TestAddDialogs)
#include "tst_adddialogs.moc"
