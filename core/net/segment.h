#pragma once

#include "task/taskerror.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QSslError>

#include <chrono>
#include <memory>
#include <optional>

class QAuthenticator;
class QNetworkAccessManager;
class QNetworkReply;

namespace Ferry {

// One HTTP request for one byte range of a download, and the bytes of it not yet written. Owns the
// reply (aborted in the destructor), vets redirects and the status line, and turns however the reply
// ended into one Result. What the bytes mean is the Download's business.
class Segment final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Segment)

public:
    struct Rules
    {
        int maxRedirects = 20;
        bool allowInsecureRedirect = false;
        QString user;
        QString password;
    };

    enum class Outcome { Ended, Aborted, Failed };
    struct Result
    {
        Outcome outcome = Outcome::Ended;
        TaskError error;
        bool transient = false;
        std::optional<std::chrono::milliseconds> retryAfter;
    };

    Segment(QNetworkAccessManager *manager, QString hostKey, QObject *parent = nullptr);
    ~Segment() override;

    // Requests [from, to) (to == -1: to the end) at url. sendRange false sends no Range header at all.
    void fetch(QNetworkRequest request, qint64 from, qint64 to, bool sendRange, const QByteArray &ifRange,
               const Rules &rules);
    // Stops the transfer; finished() then reports Outcome::Aborted. The buffer is kept.
    void abort();
    // Stops the transfer and reports `result` instead (the stall watchdog's verdict, say).
    void abortWith(const Result &result);
    bool isRunning() const { return m_reply != nullptr; }
    // The Download read what it could; once the reply has ended and its buffer is empty, finished()
    // is emitted.
    void noteDrained();
    QNetworkReply *reply() const { return m_reply.get(); }
    QNetworkAccessManager *manager() const { return m_manager; }
    QString hostKey() const { return m_hostKey; }

    // The byte range this segment is responsible for; the Download moves `end` when it steals work.
    qint64 start = 0;     // first byte of the range
    qint64 position = 0;  // next byte to arrive (buffered or written)
    qint64 end = -1;      // exclusive; -1 unknown
    qint64 requestedFrom = 0;
    qint64 remaining() const { return end < 0 ? -1 : end - position; }

    // Bytes read from the reply but not yet written, starting at bufferOffset.
    QByteArray buffer;
    qint64 bufferOffset = 0;

    int retries = 0;                 // consecutive attempts without progress
    int lane = 0;                    // which connection of its download, for the trace
    qint64 traceStartUs = -1;        // its open span in the trace; -1: none open
    qint64 lastByteNs = 0;           // monotonic time of the last byte, for the stall watchdog
    bool bodyAccepted() const { return m_accepted; }
    int httpStatus() const { return m_status; }
    QUrl finalUrl() const { return m_finalUrl; }

Q_SIGNALS:
    void headersReceived(Ferry::Segment *segment);  // a 200 or 206: the body may be read
    void readyRead(Ferry::Segment *segment);
    void finished(Ferry::Segment *segment, const Ferry::Segment::Result &result);

private:
    void onMetaDataChanged();
    bool checkStatus();
    void onReadyRead();
    void send();
    bool followRedirect();
    void onFinished();
    void complete();
    void onAuthenticationRequired(QNetworkReply *reply, QAuthenticator *authenticator);
    Result classify() const;
    TaskError tlsError() const;

    struct ReplyDeleter { void operator()(QNetworkReply *reply) const; };

    QNetworkAccessManager *m_manager;
    QString m_hostKey;
    std::unique_ptr<QNetworkReply, ReplyDeleter> m_reply;
    Rules m_rules;
    QNetworkRequest m_request;
    QUrl m_finalUrl;
    QList<QSslError> m_sslErrors;
    TaskError m_refused;  // a redirect we would not follow
    int m_redirects = 0;
    int m_status = 0;
    bool m_accepted = false;
    bool m_replyFinished = false;
    Result m_result;
    bool m_authTried = false;
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::Segment::Result)
