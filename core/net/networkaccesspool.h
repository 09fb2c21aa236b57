#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QNetworkAccessManager;

namespace Ferry {

// QNetworkAccessManager opens at most 6 HTTP/1.1 connections per host and queues the rest, so one
// manager cannot run `-x 8` segments or 16 parallel downloads from one host. Worse, in Qt 6.4 a request
// queued behind aborted replies (as segments abort theirs when work is stolen) was seen never to be
// dispatched. So each manager carries one request per host at a time: the pool hands out an idle one,
// creating another when all are busy, and keeps them so later requests reuse their kept-alive
// connections. Lives on the engine thread, like the managers it owns.
class NetworkAccessPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkAccessPool)

public:
    explicit NetworkAccessPool(QObject *parent = nullptr);
    ~NetworkAccessPool() override;

    // Returns a manager for one more request to hostKey ("scheme://host:port"); pair with release().
    QNetworkAccessManager *acquire(const QString &hostKey);
    void release(QNetworkAccessManager *manager, const QString &hostKey);

    static constexpr int kConnectionsPerManager = 1;

private:
    struct Slot
    {
        std::unique_ptr<QNetworkAccessManager> manager;
        QHash<QString, int> active;
    };
    std::vector<Slot> m_slots;
};

} // namespace Ferry
