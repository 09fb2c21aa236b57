#include "support/testserver.h"

#include "support/serverconnection.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

QByteArray buildHead(int status, const HeaderList &headers, bool close)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    if (close)
        head += "Connection: close\r\n";
    head += "\r\n";
    return head;
}

// A short text/plain answer: errors, redirects, failures.
ResponsePlan simpleResponse(int status, const QByteArray &text, bool headOnly, bool close,
                            const HeaderList &extra = {})
{
    HeaderList headers = extra;
    headers.emplaceBack("Content-Type", "text/plain");
    headers.emplaceBack("Content-Length", QByteArray::number(text.size()));
    ResponsePlan plan;
    plan.head = buildHead(status, headers, close);
    plan.body = text;
    plan.length = headOnly ? 0 : text.size();
    plan.close = close;
    return plan;
}

int statusOf(const QByteArray &head)
{
    if (!head.startsWith("HTTP/"))
        return 0;
    return head.mid(head.indexOf(' ') + 1, 3).toInt();
}

bool authorised(const HttpRequest &request, const Resource &resource)
{
    const QByteArray value = request.header("authorization");
    if (!value.toLower().startsWith("basic "))
        return false;
    return QByteArray::fromBase64(value.mid(6).trimmed())
           == resource.user + ':' + resource.password;
}

} // namespace

QByteArray RequestRecord::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

TestServer::TestServer(QObject *parent) : QObject(parent) { }

TestServer::~TestServer()
{
    if (m_server)
        m_server->close();
    for (ServerConnection *connection : std::as_const(m_connections))
        connection->disconnect(this);
    qDeleteAll(std::exchange(m_connections, {}));
}

bool TestServer::listen()
{
    m_server = std::make_unique<QTcpServer>();
    m_tls = false;
    return startListening();
}

bool TestServer::listenTls(const QSslCertificate &certificate, const QSslKey &key)
{
    auto server = std::make_unique<QSslServer>();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(certificate);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    server->setSslConfiguration(config);
    m_server = std::move(server);
    m_tls = true;
    return startListening();
}

bool TestServer::startListening()
{
    // QSslServer queues a socket only after its handshake and then announces it with
    // pendingConnectionAvailable; a plain QTcpServer emits newConnection.
    connect(m_server.get(), &QTcpServer::newConnection, this, &TestServer::acceptConnections);
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this,
            &TestServer::acceptConnections);
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        qWarning("TestServer: listen failed: %s", qPrintable(m_server->errorString()));
        return false;
    }
    return true;
}

quint16 TestServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl TestServer::url(const QString &path) const
{
    const QString scheme = m_tls ? u"https"_s : u"http"_s;
    return QUrl(scheme + u"://127.0.0.1:"_s + QString::number(port()) + path);
}

void TestServer::acceptConnections()
{
    while (m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        const int id = ++m_connectionsAccepted;
        auto *connection = new ServerConnection(
                socket, id, [this, id](const HttpRequest &request) { return plan(request, id); },
                this);
        m_connections.append(connection);
        connect(connection, &ServerConnection::progress, this, &TestServer::onProgress);
        connect(connection, &ServerConnection::closed, this, [this, connection] {
            m_connections.removeOne(connection);
            connection->deleteLater();
        });
    }
}

void TestServer::closeAllConnections()
{
    const QList<ServerConnection *> connections = m_connections;
    for (ServerConnection *connection : connections)
        connection->abort();
}

void TestServer::setResource(const QString &path, const Resource &resource)
{
    Entry entry;
    entry.resource = resource;
    entry.version = ++m_versionCounter;
    m_entries.insert(path, entry);
}

void TestServer::changeResource(const QString &path, const QByteArray &newBody)
{
    const auto it = m_entries.find(path);
    if (it == m_entries.end() || it->kind != Entry::Kind::Resource) {
        Resource resource;
        resource.body = newBody;
        setResource(path, resource);
        return;
    }
    it->resource.body = newBody;
    it->resource.bodyFile.clear();
    it->version = ++m_versionCounter;
}

void TestServer::updateResource(const QString &path, const Resource &resource)
{
    const auto it = m_entries.find(path);
    if (it == m_entries.end() || it->kind != Entry::Kind::Resource) {
        setResource(path, resource);
        return;
    }
    it->resource = resource;
    it->failuresSent = 0;
    it->faultsApplied = 0;
}

void TestServer::removeResource(const QString &path)
{
    m_entries.remove(path);
}

void TestServer::addRedirect(const QString &from, const QUrl &to, int status)
{
    Entry entry;
    entry.kind = Entry::Kind::Redirect;
    entry.redirectTo = to;
    entry.redirectStatus = status;
    m_entries.insert(from, entry);
}

void TestServer::setRawResponse(const QString &path, const QByteArray &raw, bool closeAfter)
{
    Entry entry;
    entry.kind = Entry::Kind::Raw;
    entry.raw = raw;
    entry.closeAfter = closeAfter;
    m_entries.insert(path, entry);
}

void TestServer::setEndlessHeaders(const QString &path)
{
    Entry entry;
    entry.kind = Entry::Kind::EndlessHeaders;
    m_entries.insert(path, entry);
}

void TestServer::setEndlessRedirects(const QString &path, int status)
{
    Entry entry;
    entry.kind = Entry::Kind::EndlessRedirects;
    entry.redirectTo = url(path);
    entry.redirectStatus = status;
    m_entries.insert(path, entry);
}

QByteArray TestServer::etag(const QString &path) const
{
    const auto it = m_entries.constFind(path);
    return it == m_entries.constEnd() ? QByteArray() : etagOf(*it);
}

QByteArray TestServer::lastModified(const QString &path) const
{
    const auto it = m_entries.constFind(path);
    return it == m_entries.constEnd() ? QByteArray() : lastModifiedOf(*it);
}

QByteArray TestServer::etagOf(const Entry &entry) const
{
    if (entry.kind != Entry::Kind::Resource)
        return {};
    const QByteArray tag = "\"ferry-" + QByteArray::number(entry.version) + '"';
    switch (entry.resource.etag) {
    case Resource::Etag::Strong: return tag;
    case Resource::Etag::Weak: return "W/" + tag;
    case Resource::Etag::None: return {};
    }
    return {};
}

QByteArray TestServer::lastModifiedOf(const Entry &entry) const
{
    if (entry.kind != Entry::Kind::Resource || !entry.resource.lastModified)
        return {};
    // Deterministic, and an hour apart per version so the 1-second HTTP-date resolution differs.
    const QDateTime base(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    const QDateTime when = base.addSecs(qint64(entry.version) * 3600);
    return QLocale::c().toString(when, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'").toLatin1();
}

int TestServer::requestCount(const QString &path) const
{
    return int(std::count_if(m_records.cbegin(), m_records.cend(), [&path](const RequestRecord &r) {
        return r.path == path || r.target == path;
    }));
}

TestServer::Entry *TestServer::findEntry(const QByteArray &target)
{
    const QString full = QString::fromUtf8(target);
    const QString path = full.section(u'?', 0, 0);
    for (const QString &key : {full, path, QUrl::fromPercentEncoding(path.toUtf8())}) {
        const auto it = m_entries.find(key);
        if (it != m_entries.end())
            return &*it;
    }
    return nullptr;
}

ResponsePlan TestServer::plan(const HttpRequest &request, int connectionId)
{
    RequestRecord record;
    record.id = ++m_nextRecordId;
    record.connectionId = connectionId;
    record.method = request.method;
    record.target = QString::fromUtf8(request.target);
    record.path = record.target.section(u'?', 0, 0);
    record.headers = request.headers;
    record.range = request.header("range");
    record.ifRange = request.header("if-range");

    const bool headOnly = request.method == "HEAD";
    const bool close = request.rejectStatus != 0 || request.wantsClose();
    ResponsePlan plan;
    Entry *entry = nullptr;
    if (request.rejectStatus != 0) {
        plan = simpleResponse(request.rejectStatus, reasonPhrase(request.rejectStatus) + '\n',
                              false, true);
    } else if (request.method != "GET" && !headOnly) {
        plan = simpleResponse(405, "method not allowed\n", false, close, {{"Allow", "GET, HEAD"}});
    } else if (!(entry = findEntry(request.target))) {
        plan = simpleResponse(404, "not found\n", headOnly, close);
    } else {
        switch (entry->kind) {
        case Entry::Kind::Resource:
            plan = planResource(*entry, request, close);
            break;
        case Entry::Kind::Redirect:
            plan = simpleResponse(entry->redirectStatus, {}, headOnly, close,
                                  {{"Location", entry->redirectTo.toEncoded()}});
            break;
        case Entry::Kind::EndlessRedirects: {
            const QUrlQuery query(QUrl(u"http://h"_s + record.target));
            QUrl next = entry->redirectTo;
            next.setQuery(u"hop="_s + QString::number(query.queryItemValue(u"hop"_s).toInt() + 1));
            plan = simpleResponse(entry->redirectStatus, {}, headOnly, close, {{"Location", next.toEncoded()}});
            break;
        }
        case Entry::Kind::Raw:
            plan.kind = ResponsePlan::Kind::Raw;
            plan.head = entry->raw;
            plan.close = close || entry->closeAfter;
            break;
        case Entry::Kind::EndlessHeaders:
            plan.kind = ResponsePlan::Kind::EndlessHeaders;
            plan.head = "HTTP/1.1 200 OK\r\n";
            plan.close = true;
            break;
        }
    }
    plan.recordId = record.id;
    record.status = statusOf(plan.head);
    m_records.append(record);
    return plan;
}

ResponsePlan TestServer::planResource(Entry &entry, const HttpRequest &request, bool close)
{
    const Resource &r = entry.resource;
    const bool headOnly = request.method == "HEAD";
    if (r.requireAuth && !authorised(request, r)) {
        return simpleResponse(401, "unauthorized\n", headOnly, close,
                              {{"WWW-Authenticate", "Basic realm=\"ferry-test\""}});
    }
    if (entry.failuresSent < r.failTimes) {
        ++entry.failuresSent;
        HeaderList extra;
        if (!r.retryAfter.isEmpty())
            extra.emplaceBack("Retry-After", r.retryAfter);
        return simpleResponse(r.failStatus, "failure " + QByteArray::number(entry.failuresSent) + '\n',
                              headOnly, close, extra);
    }

    const qint64 total = r.bodyFile.isEmpty() ? r.body.size() : QFileInfo(r.bodyFile).size();
    const QByteArray etag = etagOf(entry);
    const QByteArray lastModified = lastModifiedOf(entry);
    HeaderList headers;
    if (!etag.isEmpty())
        headers.emplaceBack("ETag", etag);
    if (!lastModified.isEmpty())
        headers.emplaceBack("Last-Modified", lastModified);
    if (r.acceptRanges)
        headers.emplaceBack("Accept-Ranges", "bytes");

    int status = 200;
    qint64 first = 0;
    qint64 length = total;
    const QByteArray range = request.header("range");
    const QByteArray ifRange = request.header("if-range");
    const bool ifRangeMatches = ifRange.isEmpty()
                                || (r.etag == Resource::Etag::Strong && ifRange == etag)
                                || (!lastModified.isEmpty() && ifRange == lastModified);
    const bool fromZeroIgnored = r.rangeFromZeroIgnored && range.startsWith("bytes=0-");
    if (r.acceptRanges && !range.isEmpty() && ifRangeMatches && !fromZeroIgnored) {
        const ByteRange byteRange = RequestParser::parseRange(range, total);
        if (byteRange.kind == ByteRange::Kind::Unsatisfiable) {
            headers.emplaceBack("Content-Range", "bytes */" + QByteArray::number(total));
            headers.emplaceBack("Content-Length", "0");
            ResponsePlan plan;
            plan.head = buildHead(416, headers, close);
            plan.close = close;
            return plan;
        }
        if (byteRange.kind == ByteRange::Kind::Satisfiable) {
            status = 206;
            first = byteRange.first;
            length = byteRange.last - byteRange.first + 1;
            headers.emplaceBack("Content-Range", "bytes " + QByteArray::number(byteRange.first)
                                                         + '-' + QByteArray::number(byteRange.last)
                                                         + '/' + QByteArray::number(total));
        }
    }

    headers.emplaceBack("Content-Type", r.contentType);
    if (!r.contentDisposition.isEmpty())
        headers.emplaceBack("Content-Disposition", r.contentDisposition);
    if (!r.contentEncoding.isEmpty())
        headers.emplaceBack("Content-Encoding", r.contentEncoding);
    if (r.chunked)
        headers.emplaceBack("Transfer-Encoding", "chunked");
    else
        headers.emplaceBack("Content-Length", QByteArray::number(length));
    headers.append(r.extraHeaders);

    ResponsePlan plan;
    plan.head = buildHead(status, headers, close);
    plan.body = r.body;
    plan.bodyFile = r.bodyFile;
    plan.offset = first;
    plan.length = headOnly ? 0 : length;
    plan.chunked = r.chunked;
    plan.dripBytes = r.dripBytes;
    plan.dripIntervalMs = r.dripIntervalMs;
    plan.close = close;
    if (headOnly)
        return plan;

    if (r.cutTimes < 0 || entry.faultsApplied < r.cutTimes) {
        if (r.stallAfter >= 0 && r.stallAfter < length) {
            plan.sendLimit = r.stallAfter;
            plan.atLimit = ResponsePlan::AtLimit::Stall;
        } else if (r.cutAfter >= 0 && r.cutAfter < length) {
            plan.sendLimit = r.cutAfter;
            plan.brokenChunkAtLimit = r.brokenChunkAtCut && r.chunked;
        } else if (r.shortBy > 0 && length > 0) {
            plan.sendLimit = qMax<qint64>(0, length - r.shortBy);
        }
        if (plan.sendLimit >= 0)
            ++entry.faultsApplied;
    }
    plan.garbage = r.longBy;
    return plan;
}

void TestServer::onProgress(quint64 recordId, qint64 bodyBytesSent, ResponseEnd end)
{
    for (auto it = m_records.rbegin(); it != m_records.rend(); ++it) {
        if (it->id != recordId)
            continue;
        it->bodyBytesSent = bodyBytesSent;
        it->end = end;
        if (end != ResponseEnd::InProgress)
            Q_EMIT requestServed(*it);
        return;
    }
}

} // namespace Ferry::Test
