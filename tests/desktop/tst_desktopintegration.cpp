// The desktop integration files: the .desktop entry and the AppStream metainfo pass the freedesktop
// validators, agree on one application id, and `cmake --install` puts them (with the icon and the
// programs) where desktops look for them.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

const QString appId = QStringLiteral(FERRY_APP_ID);
const QString buildDir = QStringLiteral(FERRY_BUILD_DIR);
const QString dataDir = QStringLiteral(FERRY_INSTALL_DATADIR);
const QString binDir = QStringLiteral(FERRY_INSTALL_BINDIR);

QString desktopFile() { return buildDir + u"/packaging/"_s + appId + u".desktop"_s; }
QString metainfoFile() { return buildDir + u"/packaging/"_s + appId + u".metainfo.xml"_s; }

struct Run
{
    int exitCode = -1;
    QString output;  // stdout and stderr together
};

// Runs a program to the end (a test may block: there is no GUI here).
Run run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted()) {
        result.output = u"cannot start %1: %2 (scripts/dev.sh deps installs it)"_s.arg(program, process.errorString());
        return result;
    }
    process.waitForFinished(60000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.output = QString::fromLocal8Bit(process.readAll());
    return result;
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The value of key in a .desktop file's [Desktop Entry] group.
QString desktopValue(const QString &text, const QString &key)
{
    const QRegularExpression line(u"^"_s + QRegularExpression::escape(key) + u"=(.*)$"_s,
                                  QRegularExpression::MultilineOption);
    return line.match(text).captured(1);
}

} // namespace

class TestDesktopIntegration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void desktopEntryIsValid();
    void desktopEntryLaunchesFerryWithUrls();
    void metainfoIsValid();
    void metainfoNamesTheDesktopEntry();
    void installPutsFilesWhereDesktopsLook();
};

void TestDesktopIntegration::desktopEntryIsValid()
{
    const Run result = run(u"desktop-file-validate"_s, {desktopFile()});
    // It prints errors, warnings and hints; any of them is a finding.
    QVERIFY2(result.exitCode == 0 && result.output.trimmed().isEmpty(), qPrintable(result.output));
}

void TestDesktopIntegration::desktopEntryLaunchesFerryWithUrls()
{
    const QString text = readText(desktopFile());
    QVERIFY(!text.isEmpty());
    QCOMPARE(desktopValue(text, u"Exec"_s), u"ferry %U"_s);
    QCOMPARE(desktopValue(text, u"Icon"_s), appId);
    QVERIFY(desktopValue(text, u"Categories"_s).split(u';').contains(u"FileTransfer"_s));
    // Ferry is not a browser: it must not offer itself for every http(s) link.
    QVERIFY(!text.contains(u"x-scheme-handler"_s));
}

void TestDesktopIntegration::metainfoIsValid()
{
    const Run result = run(u"appstreamcli"_s, {u"validate"_s, u"--no-net"_s, u"--pedantic"_s, metainfoFile()});
    QVERIFY2(result.exitCode == 0, qPrintable(result.output));
}

void TestDesktopIntegration::metainfoNamesTheDesktopEntry()
{
    QFile file(metainfoFile());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString id;
    QString launchable;
    QStringList screenshots;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"id")
            id = xml.readElementText();
        else if (xml.name() == u"launchable")
            launchable = xml.readElementText();
        else if (xml.name() == u"image")
            screenshots.append(xml.readElementText());
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(id, appId);
    QCOMPARE(launchable, appId + u".desktop"_s);
    // Each screenshot is one the repository has in docs/.
    QVERIFY(!screenshots.isEmpty());
    for (const QString &url : std::as_const(screenshots)) {
        const QString name = url.section(u'/', -1);
        QVERIFY2(QFile::exists(QStringLiteral(FERRY_SOURCE_DIR) + u"/docs/"_s + name), qPrintable(url));
    }
}

void TestDesktopIntegration::installPutsFilesWhereDesktopsLook()
{
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    const Run install = run(QStringLiteral(FERRY_CMAKE_COMMAND),
                            {u"--install"_s, buildDir, u"--prefix"_s, prefix.path()});
    QVERIFY2(install.exitCode == 0, qPrintable(install.output));

    const QDir root(prefix.path());
    const QString desktop = root.filePath(dataDir + u"/applications/"_s + appId + u".desktop"_s);
    const QString metainfo = root.filePath(dataDir + u"/metainfo/"_s + appId + u".metainfo.xml"_s);
    const QString icon = root.filePath(dataDir + u"/icons/hicolor/scalable/apps/"_s + appId + u".svg"_s);
    for (const QString &path : {root.filePath(binDir + u"/ferry"_s), root.filePath(binDir + u"/ferry-cli"_s),
                                desktop, metainfo, icon})
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
    QVERIFY(QFileInfo(root.filePath(binDir + u"/ferry"_s)).isExecutable());
    QVERIFY(readText(icon).contains(u"<svg"_s));

    const Run validate = run(u"desktop-file-validate"_s, {desktop});
    QVERIFY2(validate.exitCode == 0 && validate.output.trimmed().isEmpty(), qPrintable(validate.output));
}

QTEST_GUILESS_MAIN(TestDesktopIntegration)
#include "tst_desktopintegration.moc"
