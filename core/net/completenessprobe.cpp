#include "completenessprobe.h"

#include "net/contentrange.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace Ferry {

using Verdict = CompletenessProbe::Verdict;

Verdict CompletenessProbe::judge(int status, const QByteArray &contentRange, qint64 contentLength, qint64 received)
{
    const QString header = contentRange.isEmpty() ? QString()
                                                  : QStringLiteral(", Content-Range: %1").arg(QString::fromLatin1(contentRange));
    const QString evidence = QStringLiteral("HTTP %1%2").arg(status).arg(header);
    const auto range = ContentRange::parse(contentRange);
    if (status == 416) {
        // "bytes */N": nothing at or after N, and N is the whole file.
        if (range && range->isUnsatisfied() && range->total >= 0)
            return { range->total == received ? Verdict::Kind::Complete : Verdict::Kind::Incomplete, range->total, evidence };
        return { Verdict::Kind::Unknown, -1, evidence };
    }
    if (status == 206) {
        // More bytes at `received`: the body we hold ended early. Whatever piece came, its total
        // is the file's size.
        if (range && !range->isUnsatisfied() && range->total >= 0)
            return { range->total == received ? Verdict::Kind::Complete : Verdict::Kind::Incomplete,
                     range->total, evidence };
        return { Verdict::Kind::Unknown, -1, evidence };
    }
    if (status == 200 && contentLength >= 0) {
        // The range was ignored, but this time the whole file came with its length.
        const QString withLength = QStringLiteral("HTTP 200, Content-Length: %1").arg(contentLength);
        return { contentLength == received ? Verdict::Kind::Complete : Verdict::Kind::Incomplete, contentLength,
                 withLength };
    }
    return { Verdict::Kind::Unknown, -1, evidence };
}

void CompletenessProbe::ReplyDeleter::operator()(QNetworkReply *reply) const
{
    if (!reply)
        return;
    reply->disconnect();
    reply->abort();
    reply->deleteLater();
}

CompletenessProbe::CompletenessProbe(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        end({ Verdict::Kind::Unknown, -1, QStringLiteral("no answer in time") });
    });
}

CompletenessProbe::~CompletenessProbe() = default;

void CompletenessProbe::start(QNetworkAccessManager *manager, QNetworkRequest request, qint64 received,
                              const QByteArray &ifRange, std::chrono::milliseconds timeout)
{
    m_received = received;
    request.setRawHeader("Range", "bytes=" + QByteArray::number(received) + '-');
    if (!ifRange.isEmpty())
        request.setRawHeader("If-Range", ifRange);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    m_reply.reset(manager->get(request));
    m_reply->setReadBufferSize(64 << 10);  // a 200 of the whole file must not fill memory meanwhile
    // The headers decide; a body (a 200 of the whole file) is never wanted.
    connect(m_reply.get(), &QNetworkReply::metaDataChanged, this, &CompletenessProbe::decide);
    connect(m_reply.get(), &QNetworkReply::readyRead, this, &CompletenessProbe::decide);
    connect(m_reply.get(), &QNetworkReply::finished, this, &CompletenessProbe::decide);
    m_timeout.start(timeout);
}

void CompletenessProbe::decide()
{
    if (!m_reply)
        return;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid()) {
        if (m_reply->isFinished())
            end({ Verdict::Kind::Unknown, -1, m_reply->errorString() });
        return;  // no response yet
    }
    // A chunked answer has no length even if it also sends a Content-Length.
    const bool chunked = m_reply->rawHeader("Transfer-Encoding").toLower().contains("chunked");
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    const qint64 contentLength = (chunked || !length.isValid()) ? -1 : length.toLongLong();
    end(judge(status.toInt(), m_reply->rawHeader("Content-Range"), contentLength, m_received));
}

void CompletenessProbe::end(const Verdict &verdict)
{
    m_timeout.stop();
    if (!m_reply)
        return;
    // Aborted from the event loop, not inside the reply's own signal (Qt 6.4 then reports its error
    // twice and warns).
    QNetworkReply *reply = m_reply.release();
    reply->disconnect(this);
    QMetaObject::invokeMethod(reply, [reply] { ReplyDeleter()(reply); }, Qt::QueuedConnection);
    Q_EMIT finished(verdict);
}

} // namespace Ferry
