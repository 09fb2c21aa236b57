#include "dbusnotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

Q_LOGGING_CATEGORY(lcNotify, "ferry.notifications", QtInfoMsg)

const auto service = u"org.freedesktop.Notifications"_s;
const auto path = u"/org/freedesktop/Notifications"_s;
const auto interface = u"org.freedesktop.Notifications"_s;

} // namespace

DBusNotifier::DBusNotifier(const QDBusConnection &bus, QObject *parent) : Notifier(parent), m_bus(bus)
{
    if (!m_bus.isConnected()) {
        logOnce(u"no-bus"_s, u"No D-Bus session bus (%1): desktop notifications are off."_s
                                 .arg(m_bus.lastError().message()));
        return;
    }
    // An empty service matches the signals by path and interface alone: naming the service would make
    // Qt look up its owner with a blocking call. Only ids we sent are acted upon.
    m_bus.connect(QString(), path, interface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint,QString)));
    m_bus.connect(QString(), path, interface, u"NotificationClosed"_s, this, SLOT(onClosed(uint,uint)));
}

DBusNotifier::~DBusNotifier()
{
    if (m_bus.isConnected()) {
        m_bus.disconnect(QString(), path, interface, u"ActionInvoked"_s, this, SLOT(onActionInvoked(uint,QString)));
        m_bus.disconnect(QString(), path, interface, u"NotificationClosed"_s, this, SLOT(onClosed(uint,uint)));
    }
}

quint32 DBusNotifier::notify(const QString &title, const QString &body, const QList<Action> &actions)
{
    const quint32 id = m_nextId++;
    if (!m_bus.isConnected())
        return id;

    // The spec's actions are a flat list: key, label, key, label...
    QStringList flatActions;
    for (const Action &action : actions)
        flatActions << action.key << action.label;
    QVariantMap hints;
    if (const QString entry = QGuiApplication::desktopFileName(); !entry.isEmpty())
        hints.insert(u"desktop-entry"_s, entry);

    QDBusMessage call = QDBusMessage::createMethodCall(service, path, interface, u"Notify"_s);
    call << QCoreApplication::applicationName()  // app_name
         << uint(0)                               // replaces_id: a new notification
         << QString()                             // app_icon: the desktop entry's
         << title << body << flatActions << hints
         << int(-1);                              // expire_timeout: the server's default
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, id](QDBusPendingCallWatcher *w) { onReply(w, id); });
    return id;
}

void DBusNotifier::onReply(QDBusPendingCallWatcher *watcher, quint32 id)
{
    watcher->deleteLater();
    const QDBusPendingReply<uint> reply = *watcher;
    if (reply.isError()) {
        // Typically org.freedesktop.DBus.Error.ServiceUnknown: no notification daemon runs.
        logOnce(reply.error().name(), u"Desktop notifications are not shown: %1 (%2)"_s
                                          .arg(reply.error().message(), reply.error().name()));
        return;
    }
    m_ourIdOf.insert(reply.value(), id);
}

void DBusNotifier::onActionInvoked(uint serverId, const QString &actionKey)
{
    if (const auto it = m_ourIdOf.constFind(serverId); it != m_ourIdOf.cend())
        Q_EMIT actionInvoked(*it, actionKey);
}

void DBusNotifier::onClosed(uint serverId, uint reason)
{
    Q_UNUSED(reason);  // expired, dismissed, closed by a call, undefined: all the same to us
    if (const auto it = m_ourIdOf.constFind(serverId); it != m_ourIdOf.cend()) {
        const quint32 id = *it;
        m_ourIdOf.erase(it);
        Q_EMIT closed(id);
    }
}

void DBusNotifier::logOnce(const QString &kind, const QString &text)
{
    if (m_logged.contains(kind))
        return;
    m_logged.insert(kind);
    qCInfo(lcNotify).noquote() << text;
}

} // namespace Ferry
