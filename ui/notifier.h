#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace Ferry {

// Desktop notifications with a few buttons, behind an interface: the app uses the freedesktop
// service over D-Bus (DBusNotifier), the tests a fake that records what would have been shown.
// Showing never waits; a click on a button comes back later as actionInvoked.
class Notifier : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)

public:
    struct Action
    {
        QString key;    // what actionInvoked carries back: "open", "show"
        QString label;  // the button's text, translated
    };

    explicit Notifier(QObject *parent = nullptr) : QObject(parent) { }
    ~Notifier() override = default;

    // Shows a notification and returns our id for it (never 0), which actionInvoked and closed carry.
    virtual quint32 notify(const QString &title, const QString &body, const QList<Action> &actions) = 0;

Q_SIGNALS:
    void actionInvoked(quint32 id, const QString &actionKey);
    // Dismissed, expired or replaced: no action of it can come any more.
    void closed(quint32 id);
};

} // namespace Ferry
