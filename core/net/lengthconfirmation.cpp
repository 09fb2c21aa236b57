#include "net/lengthconfirmation.h"

#include "net/downloadtypes.h"
#include "net/networkaccesspool.h"

namespace Ferry {

LengthConfirmation::Decision LengthConfirmation::decide(const CompletenessProbe::Verdict &verdict, qint64 received,
                                                        bool canResume, bool chunked)
{
    using Action = Decision::Action;
    switch (verdict.kind) {
    case CompletenessProbe::Verdict::Kind::Complete:
        return { Action::Accept, -1,
                 QStringLiteral("The server confirmed the size, %1 (%2)").arg(formatBytes(received), verdict.evidence), {} };
    case CompletenessProbe::Verdict::Kind::Incomplete:
        if (verdict.total > received && canResume) {
            // The body was cut and the server can send the rest of this very file: continue.
            return { Action::FetchRest, verdict.total,
                     QStringLiteral("The body ended after %1 but the file has %2 (%3); fetching the rest")
                         .arg(formatBytes(received), formatBytes(verdict.total), verdict.evidence),
                     {} };
        }
        return { Action::Fail, -1, {},
                 { TaskError::Code::Protocol,
                   QStringLiteral("The file arrived incomplete: %1 of %2").arg(formatBytes(received), formatBytes(verdict.total)),
                   QStringLiteral("the body had no length and ended early; the server says %1").arg(verdict.evidence) } };
    case CompletenessProbe::Verdict::Kind::Unknown:
        break;
    }
    if (!chunked) {
        // Without chunks or a length the close is the end, by the protocol and for every client.
        return { Action::Accept, -1,
                 QStringLiteral("The server sent no size and the close ended the body at %1 (asked to confirm: %2)")
                     .arg(formatBytes(received), verdict.evidence),
                 {} };
    }
    return { Action::Fail, -1, {},
             { TaskError::Code::Protocol,
               QStringLiteral("The server sent the file in chunks without a size, and it cannot be confirmed complete"),
               QStringLiteral("%1 arrived; Qt 6.4 does not check chunked framing, so a cut or broken chunked body looks "
                              "whole, and the server answered the size check with %2. Give the expected checksum to "
                              "accept such a download")
                   .arg(formatBytes(received), verdict.evidence) } };
}

LengthConfirmation::LengthConfirmation(QObject *parent) : QObject(parent) {}

LengthConfirmation::~LengthConfirmation()
{
    stop();
}

void LengthConfirmation::noteResponse(qint64 total, bool chunked)
{
    m_unconfirmed = total < 0;
    m_chunked = chunked;
}

bool LengthConfirmation::isNeeded(bool decoded, bool checksumExpected) const
{
    return m_unconfirmed && !decoded && !checksumExpected;
}

void LengthConfirmation::ask(NetworkAccessPool *pool, const QString &networkKey, const QNetworkRequest &request,
                             qint64 received, const QByteArray &ifRange, bool canResume,
                             std::chrono::milliseconds timeout)
{
    stop();
    m_pool = pool;
    m_networkKey = networkKey;
    m_manager = pool->acquire(networkKey);
    m_probe = new CompletenessProbe(this);
    connect(m_probe, &CompletenessProbe::finished, this,
            [this, received, canResume](const CompletenessProbe::Verdict &verdict) {
        stop();
        const Decision decision = decide(verdict, received, canResume, m_chunked);
        if (decision.action == Decision::Action::FetchRest)
            m_unconfirmed = false;
        Q_EMIT decided(decision);
    });
    m_probe->start(m_manager, request, received, ifRange, timeout);
}

void LengthConfirmation::stop()
{
    if (!m_probe)
        return;
    m_probe->disconnect(this);
    m_probe->deleteLater();  // we may be inside its signal; its destructor aborts the request
    m_probe = nullptr;
    m_pool->release(m_manager, m_networkKey);
    m_manager = nullptr;
}

} // namespace Ferry
