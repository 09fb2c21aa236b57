#pragma once

#include "notifier.h"

#include <QDBusConnection>
#include <QHash>
#include <QSet>

class QDBusPendingCallWatcher;

namespace Ferry {

// Notifications through the freedesktop service (org.freedesktop.Notifications) on a D-Bus
// connection: the session bus in the app, a private bus in the tests. Every call is asynchronous
// (a QDBusPendingCallWatcher maps the server's id to ours when the reply comes); ActionInvoked and
// NotificationClosed come back as actionInvoked and closed for the notifications we sent.
//
// The spec lets a server read a subset of HTML in the body ("body-markup" among its capabilities):
// there a file named `<b>x</b>.zip` or `a & b.iso` would be taken for markup, so bodies are escaped,
// and only there. The capabilities are asked once (asynchronously); notifications wait for the answer.
//
// Without a bus or without a notification service (CI, offscreen, a bare window manager) nothing is
// shown: the problem is logged once per kind, never per notification, and notify() still answers.
class DBusNotifier final : public Notifier
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DBusNotifier)

public:
    explicit DBusNotifier(const QDBusConnection &bus, QObject *parent = nullptr);
    ~DBusNotifier() override;

    quint32 notify(const QString &title, const QString &body, const QList<Action> &actions) override;

private Q_SLOTS:
    // Old-style slots: QDBusConnection::connect takes only SLOT() signatures.
    void onActionInvoked(uint serverId, const QString &actionKey);
    void onClosed(uint serverId, uint reason);

private:
    enum class Markup { Unknown, Asking, Supported, Unsupported };
    struct Waiting
    {
        quint32 id = 0;
        QString title;
        QString body;
        QStringList actions;  // flat: key, label, key, label...
    };

    void askCapabilities();
    void onCapabilities(QDBusPendingCallWatcher *watcher);
    void send(const Waiting &notification);
    void onReply(QDBusPendingCallWatcher *watcher, quint32 id);
    void logOnce(const QString &kind, const QString &text);

    QDBusConnection m_bus;
    QHash<uint, quint32> m_ourIdOf;  // the server's id -> ours, until NotificationClosed
    QSet<QString> m_logged;          // the kinds of problem already logged
    Markup m_markup = Markup::Unknown;
    QList<Waiting> m_waiting;        // sent once the capabilities are known
    quint32 m_nextId = 1;
};

} // namespace Ferry
