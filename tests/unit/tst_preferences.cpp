// Preferences: defaults, a round trip through a real settings file, and clamping of hand-edited or
// foreign values.
#include "config/preferences.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

class TestPreferences : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString file(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void emptyFileGivesDefaults()
    {
        QSettings settings(file(u"empty.ini"_s), QSettings::IniFormat);
        QCOMPARE(PreferencesStore(settings).load(), Preferences());
        QVERIFY(!Preferences().clipboardMonitoring);
    }

    void roundTripThroughAFile()
    {
        Preferences p;
        p.downloadFolder = u"/data/incoming"_s;
        p.maxConcurrentDownloads = 7;
        p.maxProcessingJobs = 2;
        p.downloadsPerHost = 0;
        p.connectionsPerDownload = 8;
        p.speedLimit = 5'000'000'000LL;
        p.retries = 0;
        p.stallTimeoutSeconds = 120;
        p.onStart = Preferences::OnStart::KeepPaused;
        p.notifications = false;
        p.clipboardMonitoring = true;
        p.latencyOverlay = true;
        {
            QSettings settings(file(u"round.ini"_s), QSettings::IniFormat);
            PreferencesStore(settings).save(p);
        }
        QSettings reread(file(u"round.ini"_s), QSettings::IniFormat);
        QCOMPARE(PreferencesStore(reread).load(), p);
    }

    void hostileValuesAreClamped()
    {
        QSettings settings(file(u"hostile.ini"_s), QSettings::IniFormat);
        settings.setValue(u"preferences/maxConcurrentDownloads"_s, -5);
        settings.setValue(u"preferences/connectionsPerDownload"_s, 100000);
        settings.setValue(u"preferences/stallTimeoutSeconds"_s, 0);
        settings.setValue(u"preferences/speedLimit"_s, -1);
        settings.setValue(u"preferences/retries"_s, u"many"_s);
        settings.setValue(u"preferences/onStart"_s, u"explode"_s);
        settings.setValue(u"preferences/notifications"_s, u"perhaps"_s);
        const Preferences p = PreferencesStore(settings).load();
        QCOMPARE(p.maxConcurrentDownloads, 1);
        QCOMPARE(p.connectionsPerDownload, 16);
        QCOMPARE(p.stallTimeoutSeconds, 5);
        QCOMPARE(p.speedLimit, 0);
        QCOMPARE(p.retries, Preferences().retries);
        QCOMPARE(p.onStart, Preferences::OnStart::Resume);
        QCOMPARE(p.notifications, true);
    }

    void engineGetsItsParts()
    {
        Preferences p;
        p.maxConcurrentDownloads = 5;
        p.downloadsPerHost = 2;
        p.maxProcessingJobs = 3;
        p.retries = 9;
        p.stallTimeoutSeconds = 45;
        const TaskEngine::Limits limits = p.limits();
        QCOMPARE(limits.network, 5);
        QCOMPARE(limits.perHost, 2);
        QCOMPARE(limits.cpu, 3);
        DownloadOptions base;
        base.maxRedirects = 7;  // what the preferences do not own is kept
        const DownloadOptions options = p.downloadOptions(base);
        QCOMPARE(options.retry.maxRetries, 9);
        QCOMPARE(options.stallTimeout, std::chrono::milliseconds(45000));
        QCOMPARE(options.maxRedirects, 7);
    }
};

QTEST_GUILESS_MAIN(TestPreferences)
#include "tst_preferences.moc"
