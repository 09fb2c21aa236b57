// The file-name guesses that decide which step applies before anything is read.
#include "steps/archivenames.h"
#include "steps/extractstep.h"

#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestArchiveNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void archives_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("archive");
        QTest::newRow("tar.gz") << u"x.tar.gz"_s << true;
        QTest::newRow("tgz") << u"X.TGZ"_s << true;
        QTest::newRow("zip") << u"photos.zip"_s << true;
        QTest::newRow("7z volume") << u"big.7z.001"_s << true;
        QTest::newRow("tar.gz volume") << u"album.tar.gz.003"_s << true;
        QTest::newRow("gz") << u"log.txt.gz"_s << false;
        QTest::newRow("photo") << u"IMG_0001.jpg"_s << false;
        QTest::newRow("numbered but not a volume") << u"report.1234"_s << false;
    }

    void archives()
    {
        QFETCH(QString, name);
        QFETCH(bool, archive);
        QCOMPARE(isArchiveName(name), archive);
    }

    void guesses()
    {
        QVERIFY(isTarballName(u"x.tar.zst"_s));
        QVERIFY(!isTarballName(u"x.zip"_s));
        QVERIFY(isCompressedName(u"x.tar.xz"_s));
        QVERIFY(!isCompressedName(u"x.zip"_s));
        QCOMPARE(withoutVolumeNumber(u"a.7z.001"_s), u"a.7z"_s);
        QCOMPARE(withoutVolumeNumber(u"a.7z"_s), u"a.7z"_s);
        QCOMPARE(withoutVolumeNumber(u".001"_s), u".001"_s);
        QCOMPARE(extractFolderName(u"/d/big.7z.001"_s), u"big"_s);
        QCOMPARE(extractFolderName(u"/d/album.tar.gz.002"_s), u"album"_s);
    }
};

QTEST_GUILESS_MAIN(TestArchiveNames)
#include "tst_archivenames.moc"
