#include "networkaccesspool.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>

namespace Ferry {

NetworkAccessPool::NetworkAccessPool(QObject *parent) : QObject(parent)
{
    // The system proxy; on Linux that is http_proxy, https_proxy and no_proxy.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

NetworkAccessPool::~NetworkAccessPool() = default;

QNetworkAccessManager *NetworkAccessPool::acquire(const QString &hostKey)
{
    Slot *best = nullptr;
    for (Slot &slot : m_slots) {
        const int n = slot.active.value(hostKey);
        if (n < kConnectionsPerManager && (!best || n < best->active.value(hostKey)))
            best = &slot;
    }
    if (!best) {
        auto manager = std::make_unique<QNetworkAccessManager>();
        // Replies are owned (and deleted) by their segments, which also follow redirects themselves.
        manager->setAutoDeleteReplies(false);
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_slots.push_back(Slot{ std::move(manager), {} });
        best = &m_slots.back();
    }
    ++best->active[hostKey];
    return best->manager.get();
}

void NetworkAccessPool::release(QNetworkAccessManager *manager, const QString &hostKey)
{
    for (Slot &slot : m_slots) {
        if (slot.manager.get() == manager) {
            auto it = slot.active.find(hostKey);
            if (it != slot.active.end() && --it.value() <= 0)
                slot.active.erase(it);
            return;
        }
    }
}

} // namespace Ferry
