// Category rules: the built-in categories by MIME type, the user's host and extension rules and their
// order, names that could not be a folder, and the round trips through JSON and a settings file.
#include "config/categoryrules.h"
#include "engine/taskspec.h"

#include <QJsonArray>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestCategoryRules : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void builtIns_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("category");
        QTest::newRow("mkv") << u"x.mkv"_s << CategoryRules::videos();
        QTest::newRow("MP4 upper case") << u"Holiday.MP4"_s << CategoryRules::videos();
        QTest::newRow("webm") << u"clip.webm"_s << CategoryRules::videos();
        QTest::newRow("png") << u"photo.png"_s << CategoryRules::images();
        QTest::newRow("jpeg") << u"photo.jpeg"_s << CategoryRules::images();
        QTest::newRow("zip") << u"bundle.zip"_s << CategoryRules::archives();
        QTest::newRow("tar.gz") << u"src-1.0.tar.gz"_s << CategoryRules::archives();
        QTest::newRow("tar.zst") << u"src.tar.zst"_s << CategoryRules::archives();
        QTest::newRow("7z") << u"a.7z"_s << CategoryRules::archives();
        QTest::newRow("iso") << u"debian.iso"_s << CategoryRules::archives();
        QTest::newRow("pdf") << u"paper.pdf"_s << CategoryRules::documents();
        QTest::newRow("docx is a zip, but a document") << u"letter.docx"_s << CategoryRules::documents();
        QTest::newRow("odt") << u"letter.odt"_s << CategoryRules::documents();
        QTest::newRow("epub") << u"book.epub"_s << CategoryRules::documents();
        QTest::newRow("txt") << u"notes.txt"_s << CategoryRules::documents();
        QTest::newRow("exe") << u"setup.exe"_s << CategoryRules::programs();
        QTest::newRow("msi") << u"setup.msi"_s << CategoryRules::programs();
        QTest::newRow("deb") << u"ferry_1.0_amd64.deb"_s << CategoryRules::programs();
        QTest::newRow("rpm") << u"ferry.rpm"_s << CategoryRules::programs();
        QTest::newRow("apk is a zip, but a program") << u"app.apk"_s << CategoryRules::programs();
        QTest::newRow("jar") << u"tool.jar"_s << CategoryRules::programs();
        QTest::newRow("AppImage") << u"Ferry.AppImage"_s << CategoryRules::programs();
        QTest::newRow("no extension") << u"file"_s << QString();
        QTest::newRow("bin") << u"firmware.bin"_s << QString();
        // An extension no type claims is remembered as such, in any case; known ones still match.
        QTest::newRow("unclaimed extension") << u"data-0001.zzqx"_s << QString();
        QTest::newRow("unclaimed extension again, upper case") << u"data-0002.ZZQX"_s << QString();
        QTest::newRow("known after unclaimed") << u"data-0003.zzqx.png"_s << CategoryRules::images();
        QTest::newRow("audio is no category") << u"song.ogg"_s << QString();
        QTest::newRow("empty") << QString() << QString();
    }

    void builtIns()
    {
        QFETCH(QString, name);
        QFETCH(QString, category);
        const QUrl url(u"https://example.org/download?id=1"_s);
        QCOMPARE(CategoryRules::defaults().categoryFor(name, url), category);
        QCOMPARE(CategoryRules::none().categoryFor(name, url), QString());
    }

    void userRulesComeFirstHostsBeforeExtensions()
    {
        CategoryRules rules;
        rules.setUserRules({ { CategoryRule::Match::Extension, u".MKV"_s, u"Series"_s },
                             { CategoryRule::Match::Host, u"Example.org"_s, u"Example"_s },
                             { CategoryRule::Match::Extension, u"tar.gz"_s, u"Sources"_s } });
        QCOMPARE(rules.userRules().at(0).pattern, u"mkv"_s);  // normalised
        QCOMPARE(rules.categoryFor(u"x.mkv"_s, QUrl(u"https://other.net/x"_s)), u"Series"_s);
        QCOMPARE(rules.categoryFor(u"x.mkv"_s, QUrl(u"https://example.org/x"_s)), u"Example"_s);
        QCOMPARE(rules.categoryFor(u"x.mkv"_s, QUrl(u"https://dl.example.org/x"_s)), u"Example"_s);
        QCOMPARE(rules.categoryFor(u"x.mkv"_s, QUrl(u"https://notexample.org/x"_s)), u"Series"_s);
        // The host after redirects counts too.
        QCOMPARE(rules.categoryFor(u"a.bin"_s, QUrl(u"https://short.link/a"_s), QUrl(u"https://cdn.example.org/a.bin"_s)),
                 u"Example"_s);
        QCOMPARE(rules.categoryFor(u"src.tar.gz"_s, QUrl(u"https://other.net/"_s)), u"Sources"_s);
        QCOMPARE(rules.categoryFor(u"photo.png"_s, QUrl(u"https://other.net/"_s)), CategoryRules::images());
        // An extension rule needs a name before the dot.
        QCOMPARE(rules.categoryFor(u".mkv"_s, QUrl(u"https://other.net/"_s)), QString());
        QCOMPARE(rules.categories(), CategoryRules::builtInCategories() + QStringList({ u"Series"_s, u"Example"_s, u"Sources"_s }));

        rules.setUseBuiltIns(false);
        QCOMPARE(rules.categoryFor(u"photo.png"_s, QUrl(u"https://other.net/"_s)), QString());
        QVERIFY(!rules.isEmpty());
    }

    void categoryNamesMustBeOneSafeFolder()
    {
        for (const QString &bad : { u""_s, u".."_s, u"."_s, u"a/b"_s, u"../up"_s, u".hidden"_s, u"tab\there"_s,
                                    u"rtl\u202Eexe"_s, u"  "_s }) {
            QVERIFY2(!CategoryRules::isValidCategoryName(bad), qPrintable(bad));
            CategoryRules rules;
            rules.setUserRules({ { CategoryRule::Match::Extension, u"mkv"_s, bad } });
            QVERIFY2(rules.userRules().isEmpty(), qPrintable(bad));
        }
        QVERIFY(CategoryRules::isValidCategoryName(u"Films (HD)"_s));
        CategoryRules rules;
        rules.setUserRules({ { CategoryRule::Match::Host, u"  "_s, u"Empty"_s } });
        QVERIFY(rules.userRules().isEmpty());
    }

    void jsonRoundTripAndHostileJson()
    {
        CategoryRules rules;
        rules.setUseBuiltIns(false);
        rules.setUserRules({ { CategoryRule::Match::Host, u"example.org"_s, u"Example"_s },
                             { CategoryRule::Match::Extension, u"iso"_s, u"Images of discs"_s } });
        QCOMPARE(CategoryRules::fromJson(rules.toJson()), rules);

        QJsonObject hostile = rules.toJson();
        QJsonArray list = hostile.value(u"rules"_s).toArray();
        list.append(QJsonObject{ { u"match"_s, u"extension"_s }, { u"pattern"_s, u"exe"_s }, { u"category"_s, u"../../bin"_s } });
        list.append(QJsonObject{ { u"match"_s, u"regex"_s }, { u"pattern"_s, u".*"_s }, { u"category"_s, u"All"_s } });
        hostile.insert(u"rules"_s, list);
        QCOMPARE(CategoryRules::fromJson(hostile), rules);
        QCOMPARE(CategoryRules::fromJson({}), CategoryRules::defaults());
    }

    void travelsWithTheStoredTaskSpec()
    {
        TaskSpec spec;
        spec.kind = TaskKind::Download;
        spec.download.url = QUrl(u"https://example.org/file"_s);
        spec.download.directory = u"/srv/downloads"_s;
        QVERIFY(spec.download.categories.isEmpty());  // a request routes only when asked to
        QVERIFY(!spec.toJson().contains("categories"));
        spec.download.categories.setUseBuiltIns(true);
        spec.download.categories.setUserRules({ { CategoryRule::Match::Host, u"example.org"_s, u"Example"_s } });
        const auto back = TaskSpec::fromJson(spec.toJson());
        QVERIFY(back);
        QCOMPARE(back->download.categories, spec.download.categories);
    }

    void settingsRoundTripThroughAFile()
    {
        const QString path = m_dir.filePath(u"settings.ini"_s);
        {
            QSettings settings(path, QSettings::IniFormat);
            const CategorySettings defaults = CategorySettingsStore(settings).load();
            QVERIFY(!defaults.sortIntoFolders);
            QCOMPARE(defaults.rules, CategoryRules::defaults());
            CategorySettings changed;
            changed.sortIntoFolders = true;
            changed.rules.setUserRules({ { CategoryRule::Match::Extension, u"torrent"_s, u"Torrents"_s } });
            CategorySettingsStore(settings).save(changed);
        }
        QSettings settings(path, QSettings::IniFormat);
        const CategorySettings loaded = CategorySettingsStore(settings).load();
        QVERIFY(loaded.sortIntoFolders);
        QCOMPARE(loaded.rules.userRules().size(), 1);
        QCOMPARE(loaded.rules.categoryFor(u"a.torrent"_s, QUrl(u"https://x.org/"_s)), u"Torrents"_s);
    }
};

QTEST_GUILESS_MAIN(TestCategoryRules)
#include "tst_categoryrules.moc"
