#include "segment.h"

#include "net/retrypolicy.h"

#include <QAuthenticator>
#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace Ferry {

namespace {

// What the reply may hold before Qt stops reading the socket: the bound on memory per connection, and
// the largest chunk we get. 1 MiB measured fastest here (256 KiB and 2 MiB were slower).
constexpr qint64 kReplyBufferSize = 1 << 20;

QString statusLine(QNetworkReply *reply, int status)
{
    const QString reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    return reason.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                            : QStringLiteral("HTTP %1 %2").arg(status).arg(reason);
}

bool isHttpScheme(const QUrl &url)
{
    return url.scheme() == u"http" || url.scheme() == u"https";
}

} // namespace

void Segment::ReplyDeleter::operator()(QNetworkReply *reply) const
{
    if (!reply)
        return;
    reply->disconnect();
    reply->abort();
    reply->deleteLater();
}

Segment::Segment(QNetworkAccessManager *manager, QString hostKey, QObject *parent)
    : QObject(parent), m_manager(manager), m_hostKey(std::move(hostKey))
{
    connect(m_manager, &QNetworkAccessManager::authenticationRequired, this,
            &Segment::onAuthenticationRequired);
}

Segment::~Segment() = default;

void Segment::fetch(QNetworkRequest request, qint64 from, qint64 to, bool sendRange,
                    const QByteArray &ifRange, const Rules &rules)
{
    m_rules = rules;
    m_finalUrl = request.url();
    m_refused = {};
    m_redirects = 0;
    m_accepted = false;
    m_replyFinished = false;
    requestedFrom = from;
    position = from;
    if (buffer.isEmpty())
        bufferOffset = from;

    if (sendRange) {
        QByteArray range = "bytes=" + QByteArray::number(from) + '-';
        if (to >= 0)
            range += QByteArray::number(to - 1);
        request.setRawHeader("Range", range);
        if (!ifRange.isEmpty())
            request.setRawHeader("If-Range", ifRange);
    }
    m_request = request;
    send();
}

void Segment::send()
{
    m_status = 0;
    m_sslErrors.clear();
    m_authTried = false;
    m_reply.reset(m_manager->get(m_request));
    m_reply->setReadBufferSize(kReplyBufferSize);
    connect(m_reply.get(), &QNetworkReply::metaDataChanged, this, &Segment::onMetaDataChanged);
    connect(m_reply.get(), &QNetworkReply::readyRead, this, &Segment::onReadyRead);
    connect(m_reply.get(), &QNetworkReply::finished, this, &Segment::onFinished);
    connect(m_reply.get(), &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_sslErrors += errors; });
}

void Segment::abort()
{
    abortWith({ Outcome::Aborted, {}, false, std::nullopt });
}

void Segment::abortWith(const Result &result)
{
    if (!m_reply)
        return;
    // Deleting the reply emits nothing (the deleter disconnects first), so report the end ourselves, once.
    m_replyFinished = false;
    m_reply.reset();
    Q_EMIT finished(this, result);
}

void Segment::onMetaDataChanged()
{
    checkStatus();
}

// Accepts the body once the final response's status is 200 or 206. Checked on every signal, since after
// a followed redirect Qt 6.4 does not always announce the new response's headers on their own.
bool Segment::checkStatus()
{
    if (m_accepted)
        return true;
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_status != 200 && m_status != 206)
        return false;
    m_accepted = true;
    m_finalUrl = m_reply->url();
    Q_EMIT headersReceived(this);
    return m_reply != nullptr;  // the Download may have aborted us
}

void Segment::onReadyRead()
{
    if (!checkStatus()) {
        // An error page or a redirect body: drain it so the reply can finish, never write it.
        if (m_reply)
            m_reply->skip(m_reply->bytesAvailable());
        return;
    }
    Q_EMIT readyRead(this);
}

// Redirects are followed here, hop by hop, rather than by Qt: in Qt 6.4 a reply that followed two
// hops under UserVerifiedRedirectPolicy was seen to end with no response at all. Returns true when a new
// request went out.
bool Segment::followRedirect()
{
    if (m_status != 301 && m_status != 302 && m_status != 303 && m_status != 307 && m_status != 308)
        return false;
    const QByteArray location = m_reply->rawHeader("Location");
    if (location.isEmpty())
        return false;
    const QUrl url = m_finalUrl.resolved(QUrl::fromEncoded(location));
    ++m_redirects;
    if (!url.isValid() || !isHttpScheme(url)) {
        m_refused = { TaskError::Code::Redirect, QStringLiteral("Refused a redirect to a non-HTTP address"),
                      url.isValid() ? url.toDisplayString() : QString::fromLatin1(location) };
    } else if (m_finalUrl.scheme() == u"https" && url.scheme() == u"http" && !m_rules.allowInsecureRedirect) {
        m_refused = { TaskError::Code::Redirect, QStringLiteral("Refused a redirect from HTTPS to plain HTTP"),
                      url.toDisplayString() };
    } else if (m_redirects > m_rules.maxRedirects) {
        m_refused = { TaskError::Code::Redirect,
                      QStringLiteral("Too many redirects (more than %1)").arg(m_rules.maxRedirects),
                      url.toDisplayString() };
    }
    if (m_refused.isError())
        return false;
    m_finalUrl = url;
    m_request.setUrl(url);
    // The old reply is inside its own finished() signal: let the deleter schedule it, then ask again.
    m_reply.reset();
    send();
    return true;
}

void Segment::onAuthenticationRequired(QNetworkReply *reply, QAuthenticator *authenticator)
{
    // Offer the task's credentials once; a second request means they were wrong, and the reply then
    // fails with AuthenticationRequiredError instead of asking forever.
    if (reply != m_reply.get() || m_authTried || m_rules.user.isEmpty())
        return;
    m_authTried = true;
    authenticator->setUser(m_rules.user);
    authenticator->setPassword(m_rules.password);
}

void Segment::onFinished()
{
    if (!checkStatus()) {
        if (!m_reply)
            return;  // aborted from headersReceived
        if (followRedirect())
            return;
    }
    m_result = classify();
    m_replyFinished = true;
    // Bytes still in the reply's buffer (we were throttled, or a cut came right after them) are good
    // bytes: the Download reads them first and then calls noteDrained().
    if (m_accepted && m_reply->bytesAvailable() > 0)
        Q_EMIT readyRead(this);
    else
        complete();
}

void Segment::noteDrained()
{
    if (m_replyFinished && m_reply && m_reply->bytesAvailable() == 0)
        complete();
}

void Segment::complete()
{
    m_replyFinished = false;
    m_reply.reset();
    Q_EMIT finished(this, m_result);
}

TaskError Segment::tlsError() const
{
    QStringList reasons;
    QString message = QStringLiteral("The secure connection failed");
    for (const QSslError &e : m_sslErrors) {
        reasons << e.errorString();
        switch (e.error()) {
        case QSslError::CertificateExpired:
            message = QStringLiteral("The server's certificate has expired");
            break;
        case QSslError::CertificateNotYetValid:
            message = QStringLiteral("The server's certificate is not valid yet");
            break;
        case QSslError::SelfSignedCertificate:
        case QSslError::SelfSignedCertificateInChain:
            message = QStringLiteral("The server's certificate is self-signed and not trusted");
            break;
        case QSslError::HostNameMismatch:
            message = QStringLiteral("The server's certificate is for another host name");
            break;
        case QSslError::UnableToGetLocalIssuerCertificate:
        case QSslError::UnableToGetIssuerCertificate:
        case QSslError::UnableToVerifyFirstCertificate:
            message = QStringLiteral("The server's certificate is not issued by a trusted authority");
            break;
        case QSslError::CertificateRevoked:
            message = QStringLiteral("The server's certificate was revoked");
            break;
        default:
            break;
        }
    }
    return { TaskError::Code::Tls, message, reasons.isEmpty() ? m_reply->errorString() : reasons.join(u"; ") };
}

Segment::Result Segment::classify() const
{
    if (m_refused.isError())
        return { Outcome::Failed, m_refused, false, std::nullopt };
    const QNetworkReply::NetworkError error = m_reply->error();
    if (error == QNetworkReply::NoError) {
        if (m_accepted)
            return { Outcome::Ended, {}, false, std::nullopt };
        return { Outcome::Failed,
                 { TaskError::Code::HttpStatus, QStringLiteral("The server answered with an unexpected status"),
                   statusLine(m_reply.get(), m_status) },
                 false, std::nullopt };
    }

    const QString detail = m_reply->errorString();
    if (!m_sslErrors.isEmpty() || error == QNetworkReply::SslHandshakeFailedError)
        return { Outcome::Failed, tlsError(), false, std::nullopt };
    if (error == QNetworkReply::ProtocolUnknownError) {
        return { Outcome::Failed,
                 { TaskError::Code::InvalidInput, QStringLiteral("Only http and https addresses are supported"),
                   detail },
                 false, std::nullopt };
    }

    // An HTTP error status: the status decides, not Qt's mapping of it.
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400 && !m_accepted) {
        Result r{ Outcome::Failed,
                  { TaskError::Code::HttpStatus, QStringLiteral("The server refused the download"),
                    statusLine(m_reply.get(), status) },
                  RetryPolicy::isTransientStatus(status), std::nullopt };
        if (status == 401 || status == 407)
            r.error = { TaskError::Code::HttpStatus, QStringLiteral("The server wants a valid user name and password"),
                        statusLine(m_reply.get(), status) };
        else if (status == 404 || status == 410)
            r.error = { TaskError::Code::HttpStatus, QStringLiteral("The file is not on the server"),
                        statusLine(m_reply.get(), status) };
        else if (r.transient)
            r.error = { TaskError::Code::HttpStatus, QStringLiteral("The server is busy or failing"),
                        statusLine(m_reply.get(), status) };
        const QByteArray retryAfter = m_reply->rawHeader("Retry-After");
        if (!retryAfter.isEmpty())
            r.retryAfter = RetryPolicy::parseRetryAfter(retryAfter, QDateTime::currentDateTimeUtc());
        return r;
    }

    const bool transient = RetryPolicy::isTransientNetworkError(error);
    QString message = QStringLiteral("The connection failed");
    switch (error) {
    case QNetworkReply::HostNotFoundError: message = QStringLiteral("The server's name could not be found"); break;
    case QNetworkReply::ConnectionRefusedError: message = QStringLiteral("The server refused the connection"); break;
    case QNetworkReply::RemoteHostClosedError: message = QStringLiteral("The server closed the connection"); break;
    case QNetworkReply::TimeoutError: message = QStringLiteral("The connection timed out"); break;
    case QNetworkReply::ProtocolFailure:
        message = QStringLiteral("The server broke the HTTP protocol");
        return { Outcome::Failed, { TaskError::Code::Protocol, message, detail }, true, std::nullopt };
    default: break;
    }
    return { Outcome::Failed, { TaskError::Code::Network, message, detail }, transient, std::nullopt };
}

} // namespace Ferry
