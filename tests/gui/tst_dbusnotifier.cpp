// DBusNotifier against a fake org.freedesktop.Notifications service on a private bus (a dbus-daemon
// of our own in a temporary folder, so the developer's desktop never sees a notification): the Notify
// call carries the spec's arguments, bodies are escaped only for a server that reads markup in them,
// ActionInvoked and NotificationClosed come back with our ids, and without a bus or without a service
// the notifier logs once and stays quiet.
#include "dbusnotifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

namespace {

// What DBusNotifier logs, by the category it logs in.
QStringList g_logged;
QtMessageHandler g_previousHandler = nullptr;

void recordNotifierMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "ferry.notifications") == 0)
        g_logged.append(message);
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

const auto serviceName = u"org.freedesktop.Notifications"_s;
const auto objectPath = u"/org/freedesktop/Notifications"_s;

} // namespace

// The server side of the spec, recording every call.
class FakeNotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName;
        uint replacesId = 0;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
    };
    QList<Call> calls;
    uint lastId = 100;
    QStringList capabilities{u"actions"_s, u"body"_s};

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout)
    {
        calls.append(Call{appName, replacesId, appIcon, summary, body, actions, hints, expireTimeout});
        return ++lastId;
    }
    QStringList GetCapabilities() { return capabilities; }
};

class TestDBusNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void withoutABusItStaysQuiet();
    void withoutAServiceItLogsOnce();
    void notifyCarriesTheSpecsArguments();
    void bodiesAreEscapedOnlyWhereMarkupIsRead_data();
    void bodiesAreEscapedOnlyWhereMarkupIsRead();
    void actionsAndClosingComeBackWithOurIds();

private:
    void emitSignal(const QString &name, const QVariantList &arguments);
    bool registerService();

    QTemporaryDir m_dir;
    QProcess m_daemon;
    QString m_address;
    FakeNotificationService m_service;
    bool m_registered = false;
};

void TestDBusNotifier::initTestCase()
{
    QCoreApplication::setApplicationName(u"ferry-test"_s);
    const QString daemon = QStandardPaths::findExecutable(u"dbus-daemon"_s);
    if (daemon.isEmpty())
        QSKIP("dbus-daemon is not installed (Debian: dbus-daemon); the D-Bus notifier is not tested");
    QVERIFY(m_dir.isValid());
    QFile config(m_dir.filePath(u"bus.conf"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(uR"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)"_s.arg(m_dir.path()).toUtf8());
    config.close();

    m_daemon.start(daemon, {u"--config-file="_s + config.fileName(), u"--nofork"_s, u"--print-address"_s});
    QVERIFY2(m_daemon.waitForStarted(10000), qPrintable(m_daemon.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(m_daemon.canReadLine() || m_daemon.state() != QProcess::Running, 10000);
    m_address = QString::fromUtf8(m_daemon.readLine()).trimmed();
    QVERIFY2(m_address.startsWith(u"unix:"_s), qPrintable(QString::fromUtf8(m_daemon.readAllStandardError())));

    QVERIFY(QDBusConnection::connectToBus(m_address, u"client"_s).isConnected());
    QDBusConnection service = QDBusConnection::connectToBus(m_address, u"service"_s);
    QVERIFY(service.isConnected());
    QVERIFY(service.registerObject(objectPath, &m_service, QDBusConnection::ExportAllSlots));
    g_previousHandler = qInstallMessageHandler(recordNotifierMessages);
}

void TestDBusNotifier::cleanupTestCase()
{
    qInstallMessageHandler(g_previousHandler);
    QDBusConnection::disconnectFromBus(u"client"_s);
    QDBusConnection::disconnectFromBus(u"service"_s);
    if (m_daemon.state() != QProcess::NotRunning) {
        m_daemon.terminate();
        m_daemon.waitForFinished(10000);
    }
}

void TestDBusNotifier::init()
{
    g_logged.clear();
    m_service.calls.clear();
    m_service.capabilities = {u"actions"_s, u"body"_s};
}

bool TestDBusNotifier::registerService()
{
    if (!m_registered)
        m_registered = QDBusConnection(u"service"_s).registerService(serviceName);
    return m_registered;
}

void TestDBusNotifier::emitSignal(const QString &name, const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createSignal(objectPath, serviceName, name);
    message.setArguments(arguments);
    QVERIFY(QDBusConnection(u"service"_s).send(message));
}

void TestDBusNotifier::withoutABusItStaysQuiet()
{
    const QString name = u"nobus"_s;
    {
        DBusNotifier notifier(QDBusConnection::connectToBus(u"unix:path="_s + m_dir.filePath(u"none"_s), name));
        const quint32 first = notifier.notify(u"a"_s, u"b"_s, {});
        const quint32 second = notifier.notify(u"a"_s, u"b"_s, {{u"show"_s, u"Show"_s}});
        QVERIFY(first != 0);
        QVERIFY(second != first);
    }
    QDBusConnection::disconnectFromBus(name);
    QCOMPARE(g_logged.size(), 1);
    QVERIFY2(g_logged.first().contains(u"No D-Bus session bus"_s), qPrintable(g_logged.first()));
}

void TestDBusNotifier::withoutAServiceItLogsOnce()
{
    QVERIFY(!m_registered);  // runs before the service takes its name
    DBusNotifier notifier(QDBusConnection(u"client"_s));
    notifier.notify(u"one"_s, {}, {});
    notifier.notify(u"two"_s, {}, {});
    QTRY_COMPARE(g_logged.size(), 1);
    QVERIFY2(g_logged.first().contains(u"ServiceUnknown"_s), qPrintable(g_logged.first()));

    // The first error is the capabilities' question; the two notifications went out after its answer.
    // The bus daemon handles one connection's calls in order, so once it has answered a later call of
    // ours, both have failed before the service takes its name.
    const QDBusMessage later = QDBusConnection(u"client"_s).call(QDBusMessage::createMethodCall(
        u"org.freedesktop.DBus"_s, u"/org/freedesktop/DBus"_s, u"org.freedesktop.DBus"_s, u"GetId"_s));
    QCOMPARE(later.type(), QDBusMessage::ReplyMessage);
    QVERIFY(registerService());
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    const quint32 id = notifier.notify(u"three"_s, {}, {{u"show"_s, u"Show"_s}});
    QTRY_COMPARE(m_service.calls.size(), 1);
    emitSignal(u"ActionInvoked"_s, {m_service.lastId, u"show"_s});
    QTRY_COMPARE(invoked.count(), 1);
    QCOMPARE(invoked.first().first().value<quint32>(), id);
    QCOMPARE(g_logged.size(), 1);
}

void TestDBusNotifier::notifyCarriesTheSpecsArguments()
{
    QVERIFY(registerService());
    DBusNotifier notifier(QDBusConnection(u"client"_s));
    notifier.notify(u"Finished: a.iso"_s, u"/home/u/Downloads/a.iso"_s,
                    {{u"open"_s, u"Open"_s}, {u"show"_s, u"Show"_s}});
    QTRY_COMPARE(m_service.calls.size(), 1);
    const FakeNotificationService::Call call = m_service.calls.first();
    QCOMPARE(call.appName, u"ferry-test"_s);
    QCOMPARE(call.replacesId, 0u);
    QCOMPARE(call.summary, u"Finished: a.iso"_s);
    QCOMPARE(call.body, u"/home/u/Downloads/a.iso"_s);
    QCOMPARE(call.actions, (QStringList{u"open"_s, u"Open"_s, u"show"_s, u"Show"_s}));
    QCOMPARE(call.expireTimeout, -1);
    QVERIFY(g_logged.isEmpty());
}

void TestDBusNotifier::bodiesAreEscapedOnlyWhereMarkupIsRead_data()
{
    QTest::addColumn<QStringList>("capabilities");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("sent");
    const QString body = u"/home/u/<b>x</b>.zip & a > b.iso"_s;
    QTest::newRow("markup") << QStringList{u"actions"_s, u"body"_s, u"body-markup"_s} << body
                            << u"/home/u/&lt;b&gt;x&lt;/b&gt;.zip &amp; a &gt; b.iso"_s;
    QTest::newRow("plain") << QStringList{u"actions"_s, u"body"_s} << body << body;
    QTest::newRow("no capabilities") << QStringList{} << body << body;
}

void TestDBusNotifier::bodiesAreEscapedOnlyWhereMarkupIsRead()
{
    QFETCH(QStringList, capabilities);
    QFETCH(QString, body);
    QFETCH(QString, sent);
    QVERIFY(registerService());
    m_service.capabilities = capabilities;
    DBusNotifier notifier(QDBusConnection(u"client"_s));
    // One sent before the capabilities' answer can be in, one surely after it.
    notifier.notify(u"Failed: <b>x</b>.zip & a"_s, body, {});
    QTRY_COMPARE(m_service.calls.size(), 1);
    notifier.notify(u"Failed: <b>x</b>.zip & a"_s, body, {});
    QTRY_COMPARE(m_service.calls.size(), 2);
    for (const FakeNotificationService::Call &call : std::as_const(m_service.calls)) {
        QCOMPARE(call.summary, u"Failed: <b>x</b>.zip & a"_s);  // the summary is plain text in the spec
        QCOMPARE(call.body, sent);
    }
    QVERIFY(g_logged.isEmpty());
}

void TestDBusNotifier::actionsAndClosingComeBackWithOurIds()
{
    QVERIFY(registerService());
    DBusNotifier notifier(QDBusConnection(u"client"_s));
    QSignalSpy invoked(&notifier, &Notifier::actionInvoked);
    QSignalSpy closed(&notifier, &Notifier::closed);
    notifier.notify(u"first"_s, {}, {});
    const quint32 ours = notifier.notify(u"second"_s, {}, {{u"open"_s, u"Open"_s}});
    QTRY_COMPARE(m_service.calls.size(), 2);
    const uint theirs = m_service.lastId;

    // Another application's notification is none of ours; ours comes back with our id.
    emitSignal(u"ActionInvoked"_s, {theirs + 1000, u"open"_s});
    emitSignal(u"ActionInvoked"_s, {theirs, u"open"_s});
    QTRY_COMPARE(invoked.count(), 1);
    QCOMPARE(invoked.first().at(0).value<quint32>(), ours);
    QCOMPARE(invoked.first().at(1).toString(), u"open"_s);

    emitSignal(u"NotificationClosed"_s, {theirs, 2u});  // 2: dismissed by the user
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(closed.first().first().value<quint32>(), ours);
    // Closed: a late action for it is dropped. The first notification's still arrives, after it.
    emitSignal(u"ActionInvoked"_s, {theirs, u"open"_s});
    emitSignal(u"ActionInvoked"_s, {theirs - 1, u"default"_s});
    QTRY_COMPARE(invoked.count(), 2);
    QCOMPARE(invoked.at(1).at(0).value<quint32>(), ours - 1);
    QCOMPARE(invoked.at(1).at(1).toString(), u"default"_s);
}

QTEST_MAIN(TestDBusNotifier)
#include "tst_dbusnotifier.moc"
