// The fault-injecting test server tested on its own, with QNetworkAccessManager where that shows
// the behaviour and with a raw socket where QNAM would hide it (cuts, short and long bodies, raw
// bytes). A broken fault must not be mistaken for an engine bug.
#include "support/testenv.h"
#include "support/testserver.h"

#include <QAuthenticator>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslError>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using namespace Ferry::Test;

namespace {

constexpr int WaitMs = 20000;

// A client that sends bytes verbatim and keeps everything the server sends.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                         [this] { m_data += m_socket.readAll(); });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }

    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    const QByteArray &data() const { return m_data; }
    QTcpSocket &socket() { return m_socket; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    bool waitForBytes(qsizetype n)
    {
        return waitUntil([&] { return m_data.size() >= n; }, WaitMs);
    }
    bool waitForClose()
    {
        return waitUntil(
                [&] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, WaitMs);
    }

private:
    QTcpSocket m_socket;
    QByteArray m_data;
};

QByteArray getRequest(const QByteArray &target, const QByteArray &extraHeaders = {},
                      const QByteArray &method = "GET")
{
    return method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

struct RawResponse
{
    int status = 0;
    HeaderList headers; // lower-cased names
    QByteArray body;    // everything after the head
    qsizetype headSize = -1;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[n, v] : headers) {
            if (n == name)
                return v;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        return std::any_of(headers.cbegin(), headers.cend(),
                           [name](const auto &h) { return h.first == name; });
    }
};

RawResponse parseResponse(const QByteArray &data)
{
    RawResponse r;
    const qsizetype end = data.indexOf("\r\n\r\n");
    if (end < 0)
        return r;
    r.headSize = end + 4;
    const QList<QByteArray> lines = data.left(end).split('\n');
    r.status = lines.value(0).mid(9, 3).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        r.headers.append({line.left(colon).toLower(), line.mid(colon + 1).trimmed()});
    }
    r.body = data.mid(end + 4);
    return r;
}

// Decodes chunked framing; complete is set when the terminating chunk was seen.
QByteArray decodeChunked(const QByteArray &data, bool *complete)
{
    QByteArray out;
    qsizetype at = 0;
    *complete = false;
    while (true) {
        const qsizetype lineEnd = data.indexOf("\r\n", at);
        if (lineEnd < 0)
            return out;
        bool ok = false;
        const qint64 size = data.mid(at, lineEnd - at).toLongLong(&ok, 16);
        if (!ok)
            return out;
        if (size == 0) {
            *complete = data.mid(lineEnd, 4) == "\r\n\r\n";
            return out;
        }
        out += data.mid(lineEnd + 2, size);
        if (data.size() < lineEnd + 2 + size + 2)
            return out;
        at = lineEnd + 2 + size + 2;
    }
}

using ReplyPtr = std::unique_ptr<QNetworkReply>;

bool waitFinished(QNetworkReply *reply)
{
    if (reply->isFinished())
        return true;
    QSignalSpy spy(reply, &QNetworkReply::finished);
    return spy.wait(WaitMs);
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

class TestTestServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void fullGet();
    void range_data();
    void range();
    void ifRange_data();
    void ifRange();
    void changeBumpsValidators();
    void updateKeepsValidators();
    void validatorKinds();
    void acceptRangesOff();
    void head();
    void notFoundAndMethods();
    void cutAfter_data();
    void cutAfter();
    void cutTimes();
    void shortBy();
    void longBy();
    void chunked();
    void failTimes();
    void redirect_data();
    void redirect();
    void redirectFollowed();
    void endlessRedirects();
    void drip();
    void stall();
    void auth();
    void keepAlive();
    void parallelSegments();
    void connectionClose();
    void requestLog();
    void headerTooLarge_data();
    void headerTooLarge();
    void malformedRequest_data();
    void malformedRequest();
    void rawResponse();
    void rawResponseKeepAlive();
    void endlessHeaders();
    void largeBody();
    void bodyFile();
    void deletingServerClosesConnections();
    void tls_data();
    void tls();

    void randomBytesAreDeterministic();
    void sha256();
    void listFiles();
    void waitUntilHelper();

private:
    ReplyPtr get(const QString &path, const HeaderList &headers = {});

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void TestTestServer::init()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY(m_server->listen());
    QVERIFY(m_server->port() != 0);
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestTestServer::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

ReplyPtr TestTestServer::get(const QString &path, const HeaderList &headers)
{
    QNetworkRequest request(m_server->url(path));
    request.setRawHeader("Accept-Encoding", "identity");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    return ReplyPtr(m_nam->get(request));
}

void TestTestServer::fullGet()
{
    const QByteArray body = randomBytes(100000, 1);
    Resource r;
    r.body = body;
    r.contentType = "application/x-test";
    r.contentDisposition = "attachment; filename=\"a.bin\"";
    r.contentEncoding = "gzip";
    r.extraHeaders = {{"X-Test", "yes"}};
    m_server->setResource(u"/a"_s, r);

    const ReplyPtr reply = get(u"/a"_s);
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(reply->readAll(), body); // served as given, not encoded
    QCOMPARE(reply->rawHeader("Content-Length"), "100000"_ba);
    QCOMPARE(reply->rawHeader("Content-Type"), "application/x-test"_ba);
    QCOMPARE(reply->rawHeader("Content-Disposition"), r.contentDisposition);
    QCOMPARE(reply->rawHeader("Content-Encoding"), "gzip"_ba);
    QCOMPARE(reply->rawHeader("Accept-Ranges"), "bytes"_ba);
    QCOMPARE(reply->rawHeader("X-Test"), "yes"_ba);
    const QByteArray etag = reply->rawHeader("ETag");
    QVERIFY(etag.startsWith('"') && etag.endsWith('"') && etag.size() > 2);
    QCOMPARE(etag, m_server->etag(u"/a"_s));
    QCOMPARE(reply->rawHeader("Last-Modified"), m_server->lastModified(u"/a"_s));
    QVERIFY(reply->header(QNetworkRequest::LastModifiedHeader).toDateTime().isValid());
}

void TestTestServer::range_data()
{
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentRange");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("length");

    QTest::newRow("first ten") << "bytes=0-9"_ba << 206 << "bytes 0-9/1000"_ba << 0LL << 10LL;
    QTest::newRow("open end") << "bytes=990-"_ba << 206 << "bytes 990-999/1000"_ba << 990LL << 10LL;
    QTest::newRow("suffix") << "bytes=-5"_ba << 206 << "bytes 995-999/1000"_ba << 995LL << 5LL;
    QTest::newRow("suffix over size") << "bytes=-5000"_ba << 206 << "bytes 0-999/1000"_ba << 0LL
                                      << 1000LL;
    QTest::newRow("end clamped") << "bytes=500-5000"_ba << 206 << "bytes 500-999/1000"_ba
                                 << 500LL << 500LL;
    QTest::newRow("single byte") << "bytes=0-0"_ba << 206 << "bytes 0-0/1000"_ba << 0LL << 1LL;
    QTest::newRow("last byte") << "bytes=999-999"_ba << 206 << "bytes 999-999/1000"_ba << 999LL
                               << 1LL;
    QTest::newRow("past the end") << "bytes=1000-"_ba << 416 << "bytes */1000"_ba << 0LL << 0LL;
    QTest::newRow("zero suffix") << "bytes=-0"_ba << 416 << "bytes */1000"_ba << 0LL << 0LL;
    QTest::newRow("multi-range: full") << "bytes=0-1,5-6"_ba << 200 << ""_ba << 0LL << 1000LL;
    QTest::newRow("reversed: full") << "bytes=9-0"_ba << 200 << ""_ba << 0LL << 1000LL;
    QTest::newRow("garbage: full") << "bytes=abc"_ba << 200 << ""_ba << 0LL << 1000LL;
    QTest::newRow("other unit: full") << "items=0-1"_ba << 200 << ""_ba << 0LL << 1000LL;
}

void TestTestServer::range()
{
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(QByteArray, contentRange);
    QFETCH(qint64, first);
    QFETCH(qint64, length);

    const QByteArray body = randomBytes(1000, 2);
    m_server->setResource(u"/r"_s, Resource{body});
    const ReplyPtr reply = get(u"/r"_s, {{"Range", range}});
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(statusOf(reply.get()), status);
    QCOMPARE(reply->rawHeader("Content-Range"), contentRange);
    QCOMPARE(reply->rawHeader("Content-Length"), QByteArray::number(length));
    if (status != 416)
        QCOMPARE(reply->readAll(), body.mid(first, length));
    QCOMPARE(m_server->requests().value(0).range, range);
}

void TestTestServer::ifRange_data()
{
    QTest::addColumn<int>("etagKind");
    QTest::addColumn<QByteArray>("validator"); // which value the client sends
    QTest::addColumn<int>("status");

    const int strong = int(Resource::Etag::Strong);
    const int weak = int(Resource::Etag::Weak);
    QTest::newRow("current strong ETag") << strong << "etag"_ba << 206;
    QTest::newRow("current Last-Modified") << strong << "lastModified"_ba << 206;
    QTest::newRow("other ETag") << strong << "other"_ba << 200;
    QTest::newRow("ETag before a change") << strong << "stale"_ba << 200;
    QTest::newRow("Last-Modified before a change") << strong << "staleDate"_ba << 200;
    QTest::newRow("weak ETag never matches") << weak << "etag"_ba << 200;
    QTest::newRow("weak resource, Last-Modified") << weak << "lastModified"_ba << 206;
}

void TestTestServer::ifRange()
{
    QFETCH(int, etagKind);
    QFETCH(QByteArray, validator);
    QFETCH(int, status);

    Resource r;
    r.body = randomBytes(1000, 3);
    r.etag = Resource::Etag(etagKind);
    m_server->setResource(u"/f"_s, r);
    QByteArray value;
    if (validator == "etag")
        value = m_server->etag(u"/f"_s);
    else if (validator == "lastModified")
        value = m_server->lastModified(u"/f"_s);
    else if (validator == "other")
        value = "\"something-else\"";
    else if (validator == "stale" || validator == "staleDate") {
        value = validator == "stale" ? m_server->etag(u"/f"_s) : m_server->lastModified(u"/f"_s);
        m_server->changeResource(u"/f"_s, r.body);
    }
    QVERIFY(!value.isEmpty());

    const ReplyPtr reply = get(u"/f"_s, {{"Range", "bytes=100-"}, {"If-Range", value}});
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(statusOf(reply.get()), status);
    QCOMPARE(reply->readAll(), status == 206 ? r.body.mid(100) : r.body);
    QCOMPARE(m_server->requests().value(0).ifRange, value);
}

void TestTestServer::changeBumpsValidators()
{
    m_server->setResource(u"/c"_s, Resource{"first version"});
    const ReplyPtr before = get(u"/c"_s);
    QVERIFY(waitFinished(before.get()));
    QCOMPARE(before->readAll(), "first version"_ba);

    m_server->changeResource(u"/c"_s, "second version, longer");
    const ReplyPtr after = get(u"/c"_s);
    QVERIFY(waitFinished(after.get()));
    QCOMPARE(after->readAll(), "second version, longer"_ba);
    QVERIFY(after->rawHeader("ETag") != before->rawHeader("ETag"));
    QVERIFY(after->rawHeader("Last-Modified") != before->rawHeader("Last-Modified"));
    QCOMPARE(after->rawHeader("ETag"), m_server->etag(u"/c"_s));
    QVERIFY(after->header(QNetworkRequest::LastModifiedHeader).toDateTime()
            > before->header(QNetworkRequest::LastModifiedHeader).toDateTime());
}

void TestTestServer::updateKeepsValidators()
{
    Resource first{"first version"};
    first.failTimes = 1;
    m_server->setResource(u"/u"_s, first);
    const ReplyPtr failed = get(u"/u"_s);
    QVERIFY(waitFinished(failed.get()));
    QCOMPARE(statusOf(failed.get()), 503);
    const QByteArray etag = m_server->etag(u"/u"_s);
    const QByteArray lastModified = m_server->lastModified(u"/u"_s);

    Resource second{"first version"};
    second.failTimes = 1;  // the counters start again
    m_server->updateResource(u"/u"_s, second);
    QCOMPARE(m_server->etag(u"/u"_s), etag);
    QCOMPARE(m_server->lastModified(u"/u"_s), lastModified);
    const ReplyPtr again = get(u"/u"_s);
    QVERIFY(waitFinished(again.get()));
    QCOMPARE(statusOf(again.get()), 503);
    const ReplyPtr served = get(u"/u"_s);
    QVERIFY(waitFinished(served.get()));
    QCOMPARE(statusOf(served.get()), 200);
    QCOMPARE(served->rawHeader("ETag"), etag);
}

void TestTestServer::validatorKinds()
{
    Resource weak{"w"};
    weak.etag = Resource::Etag::Weak;
    m_server->setResource(u"/weak"_s, weak);
    Resource none{"n"};
    none.etag = Resource::Etag::None;
    none.lastModified = false;
    m_server->setResource(u"/none"_s, none);

    const ReplyPtr w = get(u"/weak"_s);
    const ReplyPtr n = get(u"/none"_s);
    QVERIFY(waitFinished(w.get()));
    QVERIFY(waitFinished(n.get()));
    QVERIFY(w->rawHeader("ETag").startsWith("W/\""));
    QCOMPARE(w->rawHeader("ETag"), m_server->etag(u"/weak"_s));
    QVERIFY(w->hasRawHeader("Last-Modified"));
    QVERIFY(!n->hasRawHeader("ETag"));
    QVERIFY(!n->hasRawHeader("Last-Modified"));
    QCOMPARE(n->readAll(), "n"_ba);
}

void TestTestServer::acceptRangesOff()
{
    Resource r{randomBytes(500, 4)};
    r.acceptRanges = false;
    m_server->setResource(u"/nr"_s, r);
    const ReplyPtr reply = get(u"/nr"_s, {{"Range", "bytes=10-19"}});
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(statusOf(reply.get()), 200);
    QVERIFY(!reply->hasRawHeader("Accept-Ranges"));
    QVERIFY(!reply->hasRawHeader("Content-Range"));
    QCOMPARE(reply->readAll(), r.body);
}

void TestTestServer::head()
{
    const QByteArray body = randomBytes(1000, 5);
    m_server->setResource(u"/h"_s, Resource{body});

    // Pipelined HEAD then GET: the GET's status line must follow the HEAD's head directly.
    RawClient client(m_server->port());
    client.send(getRequest("/h", {}, "HEAD") + getRequest("/h"));
    QVERIFY(client.waitForBytes(1000));
    QVERIFY(waitUntil([&] { return parseResponse(parseResponse(client.data()).body).body.size()
                                         >= 1000; }, WaitMs));
    const RawResponse headResponse = parseResponse(client.data());
    QCOMPARE(headResponse.status, 200);
    QCOMPARE(headResponse.header("content-length"), "1000"_ba);
    QVERIFY(headResponse.body.startsWith("HTTP/1.1 200 OK\r\n"));
    const RawResponse getResponse = parseResponse(headResponse.body);
    QCOMPARE(getResponse.body, body);
    QCOMPARE(m_server->connectionCount(), 1);

    const ReplyPtr reply(m_nam->head(QNetworkRequest(m_server->url(u"/h"_s))));
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(reply->rawHeader("Content-Length"), "1000"_ba);
    QCOMPARE(m_server->requests().constLast().method, "HEAD"_ba);
    QCOMPARE(m_server->requests().constLast().bodyBytesSent, 0);
}

void TestTestServer::notFoundAndMethods()
{
    m_server->setResource(u"/x"_s, Resource{"x"});
    const ReplyPtr missing = get(u"/missing"_s);
    QVERIFY(waitFinished(missing.get()));
    QCOMPARE(statusOf(missing.get()), 404);

    QNetworkRequest postRequest(m_server->url(u"/x"_s));
    postRequest.setHeader(QNetworkRequest::ContentTypeHeader, u"text/plain"_s);
    const ReplyPtr post(m_nam->post(postRequest, "payload"_ba));
    QVERIFY(waitFinished(post.get()));
    QCOMPARE(statusOf(post.get()), 405);
    QCOMPARE(m_server->requests().constLast().method, "POST"_ba);
}

void TestTestServer::cutAfter_data()
{
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<qint64>("cutAfter");
    QTest::newRow("content-length") << false << 1234LL;
    QTest::newRow("chunked") << true << 1234LL;
    QTest::newRow("after the head") << false << 0LL;
}

void TestTestServer::cutAfter()
{
    QFETCH(bool, chunked);
    QFETCH(qint64, cutAfter);
    Resource r{randomBytes(10 * 1024 * 1024, 6)};
    r.chunked = chunked;
    r.cutAfter = cutAfter;
    m_server->setResource(u"/cut"_s, r);
    QSignalSpy served(m_server.get(), &TestServer::requestServed);

    RawClient client(m_server->port());
    client.send(getRequest("/cut"));
    QVERIFY(client.waitForClose());
    const RawResponse response = parseResponse(client.data());
    QCOMPARE(response.status, 200);
    if (chunked) {
        bool complete = true;
        QCOMPARE(decodeChunked(response.body, &complete), r.body.left(cutAfter));
        QVERIFY(!complete);
    } else {
        QCOMPARE(response.header("content-length"), QByteArray::number(r.body.size()));
        QCOMPARE(response.body, r.body.left(cutAfter));
    }
    QCOMPARE(served.size(), 1);
    const auto record = served.at(0).at(0).value<RequestRecord>();
    QCOMPARE(record.end, ResponseEnd::Cut);
    QCOMPARE(record.bodyBytesSent, cutAfter);
}

void TestTestServer::cutTimes()
{
    Resource r{randomBytes(5000, 7)};
    r.cutAfter = 100;
    r.cutTimes = 1;
    m_server->setResource(u"/once"_s, r);

    RawClient first(m_server->port());
    first.send(getRequest("/once"));
    QVERIFY(first.waitForClose());
    QCOMPARE(parseResponse(first.data()).body, r.body.left(100));

    // The resume the engine would send, then a plain GET: both are served in full.
    const ReplyPtr resumed = get(u"/once"_s, {{"Range", "bytes=100-"}});
    QVERIFY(waitFinished(resumed.get()));
    QCOMPARE(statusOf(resumed.get()), 206);
    QCOMPARE(resumed->readAll(), r.body.mid(100));
    const ReplyPtr again = get(u"/once"_s);
    QVERIFY(waitFinished(again.get()));
    QCOMPARE(again->readAll(), r.body);
}

void TestTestServer::shortBy()
{
    Resource r{randomBytes(5000, 8)};
    r.shortBy = 10;
    m_server->setResource(u"/short"_s, r);
    RawClient client(m_server->port());
    client.send(getRequest("/short"));
    QVERIFY(client.waitForClose());
    const RawResponse response = parseResponse(client.data());
    QCOMPARE(response.header("content-length"), "5000"_ba);
    QCOMPARE(response.body, r.body.left(4990));
    QCOMPARE(m_server->requests().value(0).end, ResponseEnd::Cut);
}

void TestTestServer::longBy()
{
    Resource r{randomBytes(5000, 9)};
    r.longBy = 7;
    m_server->setResource(u"/long"_s, r);
    RawClient client(m_server->port());
    client.send(getRequest("/long"));
    QVERIFY(client.waitForClose());
    const RawResponse response = parseResponse(client.data());
    QCOMPARE(response.header("content-length"), "5000"_ba);
    QCOMPARE(response.body.size(), 5007);
    QCOMPARE(response.body.left(5000), r.body);
    QCOMPARE(m_server->requests().value(0).bodyBytesSent, 5000);
}

void TestTestServer::chunked()
{
    Resource r{randomBytes(700000, 10)};
    r.chunked = true;
    m_server->setResource(u"/chunked"_s, r);

    RawClient client(m_server->port());
    client.send(getRequest("/chunked"));
    QVERIFY(waitUntil([&] { return client.data().endsWith("\r\n0\r\n\r\n"); }, WaitMs));
    const RawResponse response = parseResponse(client.data());
    QCOMPARE(response.header("transfer-encoding"), "chunked"_ba);
    QVERIFY(!response.hasHeader("content-length"));
    bool complete = false;
    QCOMPARE(decodeChunked(response.body, &complete), r.body);
    QVERIFY(complete);
    QVERIFY(client.isConnected()); // keep-alive survives a chunked response

    const ReplyPtr reply = get(u"/chunked"_s);
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->readAll(), r.body);
}

void TestTestServer::failTimes()
{
    Resource r{"finally"};
    r.failTimes = 2;
    r.failStatus = 503;
    r.retryAfter = "7";
    m_server->setResource(u"/flaky"_s, r);
    for (int i = 0; i < 2; ++i) {
        const ReplyPtr reply = get(u"/flaky"_s);
        QVERIFY(waitFinished(reply.get()));
        QCOMPARE(statusOf(reply.get()), 503);
        QCOMPARE(reply->rawHeader("Retry-After"), "7"_ba);
    }
    const ReplyPtr reply = get(u"/flaky"_s);
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(statusOf(reply.get()), 200);
    QVERIFY(!reply->hasRawHeader("Retry-After"));
    QCOMPARE(reply->readAll(), "finally"_ba);
    QCOMPARE(m_server->requestCount(u"/flaky"_s), 3);
}

void TestTestServer::redirect_data()
{
    QTest::addColumn<QUrl>("to"); // empty: an absolute URL to this server
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("location");

    QTest::newRow("relative path") << QUrl(u"/b"_s) << 302 << "/b"_ba;
    QTest::newRow("relative, query") << QUrl(u"b?x=1"_s) << 301 << "b?x=1"_ba;
    QTest::newRow("ftp") << QUrl(u"ftp://example.invalid/file"_s) << 307
                         << "ftp://example.invalid/file"_ba;
    QTest::newRow("file") << QUrl(u"file:///etc/passwd"_s) << 308 << "file:///etc/passwd"_ba;
    QTest::newRow("absolute") << QUrl() << 303 << ""_ba;
}

void TestTestServer::redirect()
{
    QFETCH(QUrl, to);
    QFETCH(int, status);
    QFETCH(QByteArray, location);
    if (to.isEmpty()) {
        to = m_server->url(u"/target"_s);
        location = to.toEncoded();
    }
    m_server->addRedirect(u"/from"_s, to, status);
    const ReplyPtr reply = get(u"/from"_s);
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(statusOf(reply.get()), status);
    QCOMPARE(reply->rawHeader("Location"), location);
}

void TestTestServer::redirectFollowed()
{
    m_server->addRedirect(u"/one"_s, QUrl(u"/two"_s));
    m_server->addRedirect(u"/two"_s, m_server->url(u"/final"_s), 301);
    m_server->setResource(u"/final"_s, Resource{"arrived"});
    QNetworkRequest request(m_server->url(u"/one"_s));
    const ReplyPtr reply(m_nam->get(request)); // default policy follows same-scheme redirects
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->readAll(), "arrived"_ba);
    QCOMPARE(reply->url(), m_server->url(u"/final"_s));
}

void TestTestServer::endlessRedirects()
{
    m_server->setEndlessRedirects(u"/forever"_s, 307);
    const ReplyPtr first = get(u"/forever"_s);
    QVERIFY(waitFinished(first.get()));
    QCOMPARE(statusOf(first.get()), 307);
    QCOMPARE(first->rawHeader("Location"), m_server->url(u"/forever?hop=1"_s).toEncoded());
    const ReplyPtr next = get(u"/forever?hop=41"_s);
    QVERIFY(waitFinished(next.get()));
    QCOMPARE(next->rawHeader("Location"), m_server->url(u"/forever?hop=42"_s).toEncoded());

    // A client that follows gives up at its own limit, on a URL it has never seen before.
    QNetworkRequest request(m_server->url(u"/forever"_s));
    request.setMaximumRedirectsAllowed(5);
    const ReplyPtr followed(m_nam->get(request));
    QVERIFY(waitFinished(followed.get()));
    QCOMPARE(followed->error(), QNetworkReply::TooManyRedirectsError);
    // The start and five hops; Qt may resend a request on a kept-alive connection the server closed.
    QVERIFY(m_server->requestCount(u"/forever"_s) >= 2 + 6);
    QCOMPARE(m_server->requests().constLast().target, u"/forever?hop=5"_s);
}

void TestTestServer::drip()
{
    Resource r{randomBytes(3000, 11)};
    r.dripBytes = 500;
    r.dripIntervalMs = 5;
    m_server->setResource(u"/drip"_s, r);
    QSignalSpy served(m_server.get(), &TestServer::requestServed);

    RawClient client(m_server->port());
    client.send(getRequest("/drip"));
    QVERIFY(waitUntil([&] { return served.size() == 1; }, WaitMs));
    QVERIFY(client.waitForBytes(parseResponse(client.data()).headSize + 3000));
    QCOMPARE(parseResponse(client.data()).body, r.body);
    QCOMPARE(served.at(0).at(0).value<RequestRecord>().end, ResponseEnd::Complete);

    const ReplyPtr reply = get(u"/drip"_s);
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(reply->readAll(), r.body);
}

void TestTestServer::stall()
{
    Resource r{randomBytes(10000, 12)};
    r.stallAfter = 3000;
    m_server->setResource(u"/stall"_s, r);
    QSignalSpy served(m_server.get(), &TestServer::requestServed);

    RawClient client(m_server->port());
    client.send(getRequest("/stall"));
    QVERIFY(waitUntil([&] { return parseResponse(client.data()).body.size() >= 3000; },
                            WaitMs));
    QCOMPARE(served.size(), 1);
    QCOMPARE(served.at(0).at(0).value<RequestRecord>().end, ResponseEnd::Stalled);
    QCOMPARE(served.at(0).at(0).value<RequestRecord>().bodyBytesSent, 3000);

    // The one short "nothing more arrives" check.
    QSignalSpy more(&client.socket(), &QTcpSocket::readyRead);
    QVERIFY(!more.wait(200));
    QCOMPARE(parseResponse(client.data()).body, r.body.left(3000));
    QVERIFY(client.isConnected());
    QCOMPARE(m_server->openConnectionCount(), 1);

    m_server->closeAllConnections();
    QVERIFY(client.waitForClose());
    QTRY_COMPARE(m_server->openConnectionCount(), 0);
}

void TestTestServer::auth()
{
    Resource r{"secret"};
    r.requireAuth = true;
    r.user = "user";
    r.password = "pa:ss";
    r.failTimes = 1; // counted only once authorised
    m_server->setResource(u"/auth"_s, r);

    const ReplyPtr anonymous = get(u"/auth"_s);
    QVERIFY(waitFinished(anonymous.get()));
    QCOMPARE(statusOf(anonymous.get()), 401);
    QVERIFY(anonymous->rawHeader("WWW-Authenticate").startsWith("Basic realm="));

    const ReplyPtr wrong = get(u"/auth"_s, {{"Authorization", "Basic " + "user:nope"_ba.toBase64()}});
    QVERIFY(waitFinished(wrong.get()));
    QCOMPARE(statusOf(wrong.get()), 401);

    const HeaderList good = {{"Authorization", "Basic " + "user:pa:ss"_ba.toBase64()}};
    const ReplyPtr failed = get(u"/auth"_s, good);
    QVERIFY(waitFinished(failed.get()));
    QCOMPARE(statusOf(failed.get()), 503);

    int asked = 0;
    connect(m_nam.get(), &QNetworkAccessManager::authenticationRequired, this,
            [&asked](QNetworkReply *, QAuthenticator *authenticator) {
                ++asked;
                authenticator->setUser(u"user"_s);
                authenticator->setPassword(u"pa:ss"_s);
            });
    const ReplyPtr ok = get(u"/auth"_s);
    QVERIFY(waitFinished(ok.get()));
    QCOMPARE(statusOf(ok.get()), 200);
    QCOMPARE(ok->readAll(), "secret"_ba);
    QCOMPARE(asked, 1);
}

void TestTestServer::keepAlive()
{
    m_server->setResource(u"/k"_s, Resource{randomBytes(300000, 13)});
    for (int i = 0; i < 3; ++i) {
        const ReplyPtr reply = get(u"/k"_s);
        QVERIFY(waitFinished(reply.get()));
        QCOMPARE(reply->readAll().size(), 300000);
    }
    QCOMPARE(m_server->connectionCount(), 1);
    for (const RequestRecord &record : m_server->requests())
        QCOMPARE(record.connectionId, 1);

    // Faults never leave a reused connection in a bad state: a cut forces a new one.
    Resource cut{"0123456789"};
    cut.cutAfter = 5;
    cut.cutTimes = 1;
    m_server->setResource(u"/cut"_s, cut);
    const ReplyPtr broken = get(u"/cut"_s);
    QVERIFY(waitFinished(broken.get()));
    QVERIFY(broken->error() != QNetworkReply::NoError);
    const ReplyPtr after = get(u"/k"_s);
    QVERIFY(waitFinished(after.get()));
    QCOMPARE(after->error(), QNetworkReply::NoError);
    QCOMPARE(m_server->connectionCount(), 2);
}

void TestTestServer::parallelSegments()
{
    const QByteArray body = randomBytes(4 * 1024 * 1024, 19);
    m_server->setResource(u"/seg"_s, Resource{body});
    const qint64 part = body.size() / 4;
    std::vector<ReplyPtr> replies;
    for (qint64 i = 0; i < 4; ++i) {
        const QByteArray range = "bytes=" + QByteArray::number(i * part) + '-'
                                 + QByteArray::number((i + 1) * part - 1);
        replies.push_back(get(u"/seg"_s, {{"Range", range}}));
    }
    QByteArray joined;
    for (const ReplyPtr &reply : replies) {
        QVERIFY(waitFinished(reply.get()));
        QCOMPARE(statusOf(reply.get()), 206);
        joined += reply->readAll();
    }
    QCOMPARE(joined, body);
    QCOMPARE(m_server->connectionCount(), 4); // QNAM opens one connection per parallel request
}

void TestTestServer::connectionClose()
{
    m_server->setResource(u"/k"_s, Resource{"body"});
    RawClient client(m_server->port());
    client.send(getRequest("/k", "Connection: close\r\n"));
    QVERIFY(client.waitForClose());
    const RawResponse response = parseResponse(client.data());
    QCOMPARE(response.header("connection"), "close"_ba);
    QCOMPARE(response.body, "body"_ba);

    RawClient http10(m_server->port());
    http10.send("GET /k HTTP/1.0\r\n\r\n");
    QVERIFY(http10.waitForClose());
    QCOMPARE(parseResponse(http10.data()).body, "body"_ba);

    RawClient keep(m_server->port());
    keep.send(getRequest("/k"));
    QVERIFY(keep.waitForBytes(4));
    QVERIFY(waitUntil([&] { return parseResponse(keep.data()).body == "body"; }, WaitMs));
    QVERIFY(keep.isConnected());
    QCOMPARE(m_server->openConnectionCount(), 1);
}

void TestTestServer::requestLog()
{
    m_server->setResource(u"/log"_s, Resource{randomBytes(100, 14)});
    QSignalSpy served(m_server.get(), &TestServer::requestServed);
    const ReplyPtr reply = get(u"/log?q=1"_s, {{"X-Custom", "Value"}, {"Range", "bytes=0-9"},
                                               {"If-Range", m_server->etag(u"/log"_s)}});
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(served.size(), 1);

    const QList<RequestRecord> records = m_server->requests();
    QCOMPARE(records.size(), 1);
    const RequestRecord &record = records.at(0);
    QCOMPARE(record.method, "GET"_ba);
    QCOMPARE(record.target, u"/log?q=1"_s);
    QCOMPARE(record.path, u"/log"_s);
    QCOMPARE(record.header("x-custom"), "Value"_ba);
    QCOMPARE(record.header("accept-encoding"), "identity"_ba);
    for (const auto &[name, value] : record.headers)
        QCOMPARE(name, name.toLower());
    QCOMPARE(record.range, "bytes=0-9"_ba);
    QCOMPARE(record.ifRange, m_server->etag(u"/log"_s));
    QCOMPARE(record.status, 206);
    QCOMPARE(record.bodyBytesSent, 10);
    QCOMPARE(record.end, ResponseEnd::Complete);
    QCOMPARE(record.connectionId, 1);
    QCOMPARE(served.at(0).at(0).value<RequestRecord>().id, record.id);
    QCOMPARE(m_server->requestCount(u"/log"_s), 1);
    QCOMPARE(m_server->requestCount(u"/log?q=1"_s), 1);
    QCOMPARE(m_server->requestCount(u"/other"_s), 0);

    m_server->clearRequests();
    QVERIFY(m_server->requests().isEmpty());
    QCOMPARE(m_server->requestCount(u"/log"_s), 0);
    const ReplyPtr next = get(u"/log"_s);
    QVERIFY(waitFinished(next.get()));
    QCOMPARE(m_server->requests().size(), 1);
    QVERIFY(m_server->requests().at(0).id > record.id);
}

void TestTestServer::headerTooLarge_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("huge header") << getRequest("/", "X-Big: " + QByteArray(70000, 'a') + "\r\n");
    QTest::newRow("never ends") << "GET / HTTP/1.1\r\nX-Big: " + QByteArray(70000, 'a');
}

void TestTestServer::headerTooLarge()
{
    QFETCH(QByteArray, request);
    RawClient client(m_server->port());
    client.send(request);
    QVERIFY(client.waitForClose());
    QCOMPARE(parseResponse(client.data()).status, 431);
    QCOMPARE(m_server->requests().value(0).status, 431);
}

void TestTestServer::malformedRequest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::newRow("garbage") << "garbage\r\n\r\n"_ba;
    QTest::newRow("no version") << "GET /\r\n\r\n"_ba;
    QTest::newRow("header without colon") << "GET / HTTP/1.1\r\nbroken\r\n\r\n"_ba;
    QTest::newRow("folded header") << "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n"_ba;
    QTest::newRow("chunked request") << getRequest("/", "Transfer-Encoding: chunked\r\n");
}

void TestTestServer::malformedRequest()
{
    QFETCH(QByteArray, request);
    RawClient client(m_server->port());
    client.send(request);
    QVERIFY(client.waitForClose());
    const RawResponse response = parseResponse(client.data());
    QCOMPARE(response.status, 400);
    QCOMPARE(response.header("connection"), "close"_ba);
}

void TestTestServer::rawResponse()
{
    const QByteArray raw = "HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\nabc";
    m_server->setRawResponse(u"/raw"_s, raw);
    RawClient client(m_server->port());
    client.send(getRequest("/raw"));
    QVERIFY(client.waitForClose());
    QCOMPARE(client.data(), raw);
    QCOMPARE(m_server->requests().value(0).status, 200);
}

void TestTestServer::rawResponseKeepAlive()
{
    m_server->setRawResponse(u"/raw"_s, "HTTP/1.1 204 No Content\r\n\r\n"_ba, false);
    RawClient client(m_server->port());
    client.send(getRequest("/raw"));
    QVERIFY(client.waitForBytes(27));
    client.send(getRequest("/nothing-here"));
    QVERIFY(waitUntil([&] { return client.data().contains("404 Not Found"); }, WaitMs));
    QVERIFY(client.data().startsWith("HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 404"));
    QCOMPARE(m_server->connectionCount(), 1);
}

void TestTestServer::endlessHeaders()
{
    m_server->setEndlessHeaders(u"/endless"_s);

    // A client giving up: the server notices and logs it.
    {
        RawClient quitter(m_server->port());
        quitter.send(getRequest("/endless"));
        QVERIFY(quitter.waitForBytes(2 * 1024 * 1024));
        QVERIFY(quitter.data().startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(!quitter.data().contains("\r\n\r\n"));
        quitter.socket().abort();
    }
    QTRY_COMPARE(m_server->requests().value(0).end, ResponseEnd::ClientGone);

    // A client that keeps reading meets the 64 MiB bound.
    QTcpSocket socket;
    qint64 received = 0;
    QByteArray tail;
    connect(&socket, &QTcpSocket::readyRead, &socket, [&] {
        const QByteArray data = socket.readAll();
        received += data.size();
        tail = QByteArray(tail + data).right(8);
        QVERIFY(!data.contains("\r\n\r\n"));
    });
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    socket.write(getRequest("/endless"));
    QVERIFY(waitUntil([&] { return socket.state() == QAbstractSocket::UnconnectedState; },
                            60000));
    QVERIFY(received >= 64 * 1024 * 1024);
    QVERIFY(received < 65 * 1024 * 1024);
    QVERIFY(tail.endsWith("\r\n"));
    QCOMPARE(m_server->requests().value(1).end, ResponseEnd::Cut);
}

void TestTestServer::largeBody()
{
    const QByteArray body = randomBytes(64 * 1024 * 1024 + 3, 15);
    m_server->setResource(u"/big"_s, Resource{body});
    const ReplyPtr reply = get(u"/big"_s);
    // Flow control: the first write burst stops at ~1 MiB queued in the socket; without it the
    // whole body would be handed over at once.
    QVERIFY(waitUntil([&] { return m_server->requests().value(0).bodyBytesSent > 0; }));
    QVERIFY(m_server->requests().value(0).bodyBytesSent < 16 * 1024 * 1024);
    QVERIFY(waitFinished(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(sha256Hex(reply->readAll()), sha256Hex(body));
    QCOMPARE(m_server->requests().value(0).bodyBytesSent, body.size());
}

void TestTestServer::bodyFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray body = randomBytes(3 * 1024 * 1024 + 17, 16);
    const QString path = dir.filePath(u"body.bin"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(body), body.size());
    file.close();

    Resource r;
    r.bodyFile = path;
    m_server->setResource(u"/file"_s, r);
    const ReplyPtr full = get(u"/file"_s);
    QVERIFY(waitFinished(full.get()));
    QCOMPARE(full->rawHeader("Content-Length"), QByteArray::number(body.size()));
    QCOMPARE(full->readAll(), body);
    QCOMPARE(fileSha256Hex(path), sha256Hex(body));

    const ReplyPtr part = get(u"/file"_s, {{"Range", "bytes=1000000-1999999"}});
    QVERIFY(waitFinished(part.get()));
    QCOMPARE(statusOf(part.get()), 206);
    QCOMPARE(part->readAll(), body.mid(1000000, 1000000));
}

void TestTestServer::deletingServerClosesConnections()
{
    Resource r{randomBytes(1000, 17)};
    r.stallAfter = 10;
    m_server->setResource(u"/s"_s, r);
    RawClient stalled(m_server->port());
    stalled.send(getRequest("/s"));
    RawClient idle(m_server->port());
    QVERIFY(waitUntil([&] { return m_server->openConnectionCount() == 2
                                         && m_server->requestCount(u"/s"_s) == 1; }, WaitMs));
    m_server.reset();
    QVERIFY(stalled.waitForClose());
    QVERIFY(idle.waitForClose());
}

void TestTestServer::tls_data()
{
    QTest::addColumn<CertificateKind>("kind");
    QTest::addColumn<int>("expectedError"); // QSslError::SslError, NoError when accepted

    QTest::newRow("valid") << CertificateKind::Valid << int(QSslError::NoError);
    QTest::newRow("expired") << CertificateKind::Expired << int(QSslError::CertificateExpired);
    QTest::newRow("wrong host") << CertificateKind::WrongHost << int(QSslError::HostNameMismatch);
}

void TestTestServer::tls()
{
    QFETCH(CertificateKind, kind);
    QFETCH(int, expectedError);
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const TestCertificate cert = makeCertificate(kind, dir.path());
    QVERIFY(!cert.isNull());
    QVERIFY(QFile::exists(cert.certificatePath));
    QCOMPARE(cert.certificate.expiryDate() < QDateTime::currentDateTimeUtc(),
             kind == CertificateKind::Expired);

    TestServer server;
    QVERIFY(server.listenTls(cert.certificate, cert.key));
    QVERIFY(server.isTls());
    QCOMPARE(server.url(u"/t"_s).scheme(), u"https"_s);
    const Resource resource{randomBytes(3 * 1024 * 1024 + 5, 18)}; // enough to need flow control
    server.setResource(u"/t"_s, resource);

    QNetworkRequest request(server.url(u"/t"_s));
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.addCaCertificate(cert.certificate);
    request.setSslConfiguration(config);
    const ReplyPtr reply(m_nam->get(request));
    QList<QSslError> errors;
    connect(reply.get(), &QNetworkReply::sslErrors, this,
            [&errors](const QList<QSslError> &e) { errors += e; });
    QVERIFY(waitFinished(reply.get()));

    if (expectedError == int(QSslError::NoError)) {
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->readAll(), resource.body);
        QCOMPARE(server.connectionCount(), 1);
    } else {
        QCOMPARE(reply->error(), QNetworkReply::SslHandshakeFailedError);
        const bool found = std::any_of(errors.cbegin(), errors.cend(), [&](const QSslError &e) {
            return int(e.error()) == expectedError;
        });
        QVERIFY2(found, qPrintable(reply->errorString()));
        QCOMPARE(server.requests().size(), 0);
    }
}

void TestTestServer::randomBytesAreDeterministic()
{
    const QByteArray a = randomBytes(100003, 42);
    QCOMPARE(a.size(), 100003);
    QCOMPARE(randomBytes(100003, 42), a);
    QCOMPARE(randomBytes(10, 42), a.left(10));
    QVERIFY(randomBytes(100003, 43) != a);
    QVERIFY(randomBytes(0, 1).isEmpty());
}

void TestTestServer::sha256()
{
    QCOMPARE(sha256Hex("abc"),
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_ba);
    QTemporaryDir dir;
    QFile file(dir.filePath(u"f"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("abc");
    file.close();
    QCOMPARE(fileSha256Hex(file.fileName()), sha256Hex("abc"));
    QVERIFY(fileSha256Hex(dir.filePath(u"missing"_s)).isEmpty());
}

void TestTestServer::listFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QDir root(dir.path());
    QVERIFY(root.mkpath(u"sub/deeper"_s));
    QVERIFY(root.mkpath(u"empty"_s));
    for (const QString &name : {u"a.txt"_s, u".hidden"_s, u"sub/b"_s, u"sub/deeper/.c"_s}) {
        QFile f(root.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QVERIFY(QFile::link(u"/nonexistent/target"_s, root.filePath(u"dangling"_s)));
    QVERIFY(QFile::link(root.filePath(u"sub"_s), root.filePath(u"linkdir"_s)));

    QCOMPARE(listFilesRecursively(dir.path()),
             QStringList({u".hidden"_s, u"a.txt"_s, u"dangling"_s, u"linkdir"_s, u"sub/b"_s,
                          u"sub/deeper/.c"_s}));
    QCOMPARE(listFilesRecursively(dir.path(), true),
             QStringList({u".hidden"_s, u"a.txt"_s, u"dangling"_s, u"empty/"_s, u"linkdir"_s,
                          u"sub/"_s, u"sub/b"_s, u"sub/deeper/"_s, u"sub/deeper/.c"_s}));
}

void TestTestServer::waitUntilHelper()
{
    QVERIFY(!waitUntil([] { return false; }, 100));
    bool fired = false;
    QTimer::singleShot(1, this, [&fired] { fired = true; });
    QVERIFY(waitUntil([&fired] { return fired; }));
}

QTEST_GUILESS_MAIN(TestTestServer)
#include "tst_testserver.moc"
