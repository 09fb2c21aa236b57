#pragma once

#include "support/requestparser.h"
#include "support/responseplan.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>

QT_BEGIN_NAMESPACE
class QSslCertificate;
class QSslKey;
class QTcpServer;
QT_END_NAMESPACE

namespace Ferry::Test {

class ServerConnection;

// What the server answers for one path, and the faults it injects.
struct Resource
{
    Resource() = default;
    explicit Resource(QByteArray content) : body(std::move(content)) { }

    QByteArray body;
    QString bodyFile;                // when set, served from this file instead of body (big benchmarks)
    QByteArray contentType = "application/octet-stream";
    QByteArray contentDisposition;   // raw header value; empty = no header
    QByteArray contentEncoding;      // sent as Content-Encoding; body is served as given (pre-encoded)
    enum class Etag { Strong, Weak, None } etag = Etag::Strong; // derived from a content version counter
    bool lastModified = true;
    bool acceptRanges = true;        // false: ignore Range, always 200 with the full body, no Accept-Ranges
    bool chunked = false;            // Transfer-Encoding: chunked, no Content-Length
    bool rangeFromZeroIgnored = false; // "Range: bytes=0-..." gets a 200 of the whole body, as some
                                       // servers answer it; any other range is served
    HeaderList extraHeaders;

    // Faults. One body fault per response: stallAfter wins over cutAfter, which wins over shortBy.
    qint64 cutAfter = -1;            // close the connection after sending this many body bytes of a response
    bool brokenChunkAtCut = false;   // chunked: the cut sends the chunk size "zz" and two stray bytes
                                     // first, which Qt 6.4 reads as the last chunk (no error)
    int cutTimes = -1;               // apply the body faults (cutAfter, shortBy, stallAfter) to this many
                                     // responses, then serve normally (-1 = always)
    qint64 shortBy = 0;              // promise Content-Length, send shortBy fewer bytes, then close
    qint64 longBy = 0;               // send longBy garbage bytes after the body, then close
    int failTimes = 0;               // the first N (authorised) requests get failStatus
    int failStatus = 503;
    QByteArray retryAfter;           // Retry-After header value on the failures
    int dripBytes = 0;               // when > 0: send the body in pieces of dripBytes every dripIntervalMs
    int dripIntervalMs = 10;
    qint64 stallAfter = -1;          // send this many body bytes, then nothing (keep the connection open)
    bool requireAuth = false;        // Basic auth; 401 with WWW-Authenticate otherwise
    QByteArray user;
    QByteArray password;
};

// One request as the server saw it, and what it answered.
struct RequestRecord
{
    quint64 id = 0;             // increasing, never reused (survives clearRequests())
    int connectionId = 0;       // 1 for the first accepted connection, and so on
    QByteArray method;
    QString target;             // as sent, with the query
    QString path;               // target without the query, still percent-encoded
    HeaderList headers;         // lower-cased names, in order
    QByteArray range;           // Range value, empty when absent
    QByteArray ifRange;         // If-Range value, empty when absent
    int status = 0;             // 0 for raw responses that do not start with a status line
    qint64 bodyBytesSent = 0;   // body bytes handed to the socket (framing and garbage excluded)
    ResponseEnd end = ResponseEnd::InProgress;

    QByteArray header(QByteArrayView lowerCaseName) const;
};

// A fault-injecting HTTP/1.1 server on 127.0.0.1 for integration tests. Runs entirely on the
// thread that owns it (no threads, no blocking calls); the test must spin the event loop
// (QSignalSpy::wait, QTRY_*). Deleting it closes every connection.
//
// Range: single ranges "a-b", "a-" and "-n". A multi-range or malformed Range is ignored (200 with
// the full body); an unsatisfiable one gets 416 with "Content-Range: bytes */total". If-Range
// matches only the current strong ETag or the exact Last-Modified string; a weak ETag never does.
// failTimes counts requests of any method; 401s do not count. Only GET and HEAD are served (405).
class TestServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestServer)

public:
    explicit TestServer(QObject *parent = nullptr);
    ~TestServer() override;

    bool listen(); // 127.0.0.1, a free port
    bool listenTls(const QSslCertificate &certificate, const QSslKey &key);
    bool isTls() const { return m_tls; }
    quint16 port() const;
    QUrl url(const QString &path) const; // path may carry a query: "/a?b=c"

    void setResource(const QString &path, const Resource &resource); // resets its fault counters
    void changeResource(const QString &path, const QByteArray &newBody); // new ETag and Last-Modified
    // Swaps the body and faults but keeps the version, so ETag and Last-Modified stay as they were
    // (a partial file from an earlier run still matches); resets the fault counters.
    void updateResource(const QString &path, const Resource &resource);
    void removeResource(const QString &path);
    void addRedirect(const QString &from, const QUrl &to, int status = 302); // Location: to.toEncoded()
    void setRawResponse(const QString &path, const QByteArray &raw, bool closeAfter = true);
    void setEndlessHeaders(const QString &path); // header lines until the client closes or 64 MiB
    // Every request to path (any query) is redirected to path?hop=N+1: a chain that never ends and
    // never repeats a URL, so only a hop limit stops a client.
    void setEndlessRedirects(const QString &path, int status = 302);
    QByteArray etag(const QString &path) const;  // the header value as sent (W/"..." when weak)
    QByteArray lastModified(const QString &path) const;

    QList<RequestRecord> requests() const { return m_records; }
    void clearRequests() { m_records.clear(); }
    int requestCount(const QString &path) const; // matches the path, or the full target with query
    int connectionCount() const { return m_connectionsAccepted; } // accepted since construction
    int openConnectionCount() const { return int(m_connections.size()); }
    void closeAllConnections(); // aborts them, e.g. to end a stall

Q_SIGNALS:
    // Once per request, when its response has ended (complete, cut, stalled or client gone).
    void requestServed(const Ferry::Test::RequestRecord &record);

private:
    struct Entry
    {
        enum class Kind { Resource, Redirect, Raw, EndlessHeaders, EndlessRedirects };
        Kind kind = Kind::Resource;
        Resource resource;
        quint64 version = 0;
        int failuresSent = 0;
        int faultsApplied = 0;
        QUrl redirectTo;
        int redirectStatus = 302;
        QByteArray raw;
        bool closeAfter = true;
    };

    bool startListening();
    void acceptConnections();
    ResponsePlan plan(const HttpRequest &request, int connectionId);
    ResponsePlan planResource(Entry &entry, const HttpRequest &request, bool close);
    Entry *findEntry(const QByteArray &target);
    QByteArray etagOf(const Entry &entry) const;
    QByteArray lastModifiedOf(const Entry &entry) const;
    void onProgress(quint64 recordId, qint64 bodyBytesSent, ResponseEnd end);

    std::unique_ptr<QTcpServer> m_server;
    bool m_tls = false;
    QHash<QString, Entry> m_entries;
    quint64 m_versionCounter = 0;
    QList<RequestRecord> m_records;
    quint64 m_nextRecordId = 0;
    QList<ServerConnection *> m_connections;
    int m_connectionsAccepted = 0;
};

} // namespace Ferry::Test
