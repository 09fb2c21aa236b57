#include "dbusnotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QGuiApplication>
#include <QLoggingCategory>

#include <utility>

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
    askCapabilities();
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
    Waiting notification{id, title, body, flatActions};
    switch (m_markup) {
    case Markup::Supported:
    case Markup::Unsupported:
        send(notification);
        break;
    case Markup::Unknown:
        askCapabilities();
        Q_FALLTHROUGH();
    case Markup::Asking:
        m_waiting.append(std::move(notification));
        break;
    }
    return id;
}

void DBusNotifier::askCapabilities()
{
    m_markup = Markup::Asking;
    const QDBusMessage call = QDBusMessage::createMethodCall(service, path, interface, u"GetCapabilities"_s);
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, &DBusNotifier::onCapabilities);
}

void DBusNotifier::onCapabilities(QDBusPendingCallWatcher *watcher)
{
    watcher->deleteLater();
    const QDBusPendingReply<QStringList> reply = *watcher;
    if (reply.isError()) {
        // No service yet (its Notify calls fail and log alike) or one that does not answer this:
        // the waiting ones go out as plain text, and the next notification asks again.
        m_markup = Markup::Unknown;
        logOnce(reply.error().name(), u"Desktop notifications are not shown: %1 (%2)"_s
                                          .arg(reply.error().message(), reply.error().name()));
    } else {
        m_markup = reply.value().contains(u"body-markup"_s) ? Markup::Supported : Markup::Unsupported;
    }
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    for (const Waiting &notification : waiting)
        send(notification);
}

void DBusNotifier::send(const Waiting &notification)
{
    QVariantMap hints;
    if (const QString entry = QGuiApplication::desktopFileName(); !entry.isEmpty())
        hints.insert(u"desktop-entry"_s, entry);
    // The summary is plain text in the spec; only the body may be read as markup.
    const QString body = m_markup == Markup::Supported ? notification.body.toHtmlEscaped() : notification.body;

    QDBusMessage call = QDBusMessage::createMethodCall(service, path, interface, u"Notify"_s);
    call << QCoreApplication::applicationName()  // app_name
         << uint(0)                               // replaces_id: a new notification
         << QString()                             // app_icon: the desktop entry's
         << notification.title << body << notification.actions << hints
         << int(-1);                              // expire_timeout: the server's default
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    const quint32 id = notification.id;
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, id](QDBusPendingCallWatcher *w) { onReply(w, id); });
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
