#pragma once

#include <QByteArray>
#include <QNetworkRequest>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace Ferry {

// Asks the server whether a body of unknown length (chunked, or ended by a close) really ended where it
// did. Qt 6.4 reads chunked framing without checking it: a chunk size it cannot parse counts as the
// last chunk, a chunk longer than announced loses bytes, and a close before the last chunk may end
// without an error. The reply then looks complete, so the proof has to come from outside the body:
// one request for "Range: bytes=N-" (N = the bytes we hold), whose answer's headers alone decide;
// its body, if any, is never read.
class CompletenessProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompletenessProbe)

public:
    struct Verdict
    {
        enum class Kind {
            Complete,    // "416 bytes */N", or a 200 whose Content-Length is N
            Incomplete,  // the server names a larger (or another) size than what arrived
            Unknown,     // no length anywhere: the server cannot or will not say
        };
        Kind kind = Kind::Unknown;
        qint64 total = -1;  // the size the server named, when it named one
        QString evidence;   // the status and header that decided, for the log and the error
    };

    // The pure decision: what an answer to "Range: bytes=received-" says about `received` bytes.
    // contentLength is -1 when the answer had none (or a chunked one).
    static Verdict judge(int status, const QByteArray &contentRange, qint64 contentLength, qint64 received);

    explicit CompletenessProbe(QObject *parent = nullptr);
    ~CompletenessProbe() override;

    // request carries the URL (the final one, after redirects), credentials and headers of the
    // download; ifRange its validator, if any. finished() follows exactly once, within timeout.
    void start(QNetworkAccessManager *manager, QNetworkRequest request, qint64 received,
               const QByteArray &ifRange, std::chrono::milliseconds timeout);

Q_SIGNALS:
    void finished(const Ferry::CompletenessProbe::Verdict &verdict);

private:
    void decide();
    void end(const Verdict &verdict);

    struct ReplyDeleter { void operator()(QNetworkReply *reply) const; };
    std::unique_ptr<QNetworkReply, ReplyDeleter> m_reply;
    QTimer m_timeout;
    qint64 m_received = 0;
};

} // namespace Ferry
