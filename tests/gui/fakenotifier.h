#pragma once

#include "notifier.h"

#include <QStringList>

namespace Ferry::Test {

// Records what would have been shown; invoke() plays a click on a button.
class FakeNotifier final : public Ferry::Notifier
{
    Q_OBJECT

public:
    struct Shown
    {
        quint32 id = 0;
        QString title;
        QString body;
        QList<Action> actions;

        QStringList keys() const
        {
            QStringList result;
            for (const Action &action : actions)
                result << action.key;
            return result;
        }
        QString label(const QString &key) const
        {
            for (const Action &action : actions) {
                if (action.key == key)
                    return action.label;
            }
            return {};
        }
    };

    using Notifier::Notifier;

    quint32 notify(const QString &title, const QString &body, const QList<Action> &actions) override
    {
        shown.append(Shown{m_nextId, title, body, actions});
        Q_EMIT notified();
        return m_nextId++;
    }

    void invoke(quint32 id, const QString &key) { Q_EMIT actionInvoked(id, key); }

    QList<Shown> shown;

Q_SIGNALS:
    void notified();

private:
    quint32 m_nextId = 1;
};

} // namespace Ferry::Test
