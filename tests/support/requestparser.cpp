#include "support/requestparser.h"

namespace Ferry::Test {

namespace {

// Offset just past the blank line ending the head, or -1. Bare LF line ends are accepted too.
qsizetype headEnd(const QByteArray &buffer)
{
    qsizetype from = 0;
    while (true) {
        const qsizetype lf = buffer.indexOf('\n', from);
        if (lf < 0)
            return -1;
        qsizetype next = lf + 1;
        if (next < buffer.size() && buffer.at(next) == '\r')
            ++next;
        if (next < buffer.size() && buffer.at(next) == '\n')
            return next + 1;
        from = lf + 1;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (c <= ' ' || c >= 127 || c == ':')
            return false;
    }
    return true;
}

qint64 parseDigits(QByteArrayView s, bool *ok)
{
    *ok = !s.isEmpty() && s.size() <= 18;
    qint64 value = 0;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            *ok = false;
            return 0;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

HttpRequest rejected(int status)
{
    HttpRequest r;
    r.rejectStatus = status;
    return r;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerCaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

bool HttpRequest::wantsClose() const
{
    const QList<QByteArray> tokens = header("connection").toLower().split(',');
    bool close = false;
    bool keepAlive = false;
    for (const QByteArray &t : tokens) {
        close = close || t.trimmed() == "close";
        keepAlive = keepAlive || t.trimmed() == "keep-alive";
    }
    return close || (version == "HTTP/1.0" && !keepAlive);
}

RequestParser::Result RequestParser::parse(QByteArray &buffer, HttpRequest &request)
{
    // RFC 9112 2.2: ignore empty lines before a request line.
    qsizetype skip = 0;
    while (skip < buffer.size() && (buffer.at(skip) == '\r' || buffer.at(skip) == '\n'))
        ++skip;
    if (skip > 0)
        buffer.remove(0, skip);

    const qsizetype end = headEnd(buffer);
    if (end < 0 || end > MaxHeadSize) {
        if (end < 0 && buffer.size() <= MaxHeadSize)
            return Result::Incomplete;
        buffer.clear();
        request = rejected(431);
        return Result::Rejected;
    }

    HttpRequest r;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    bool first = true;
    qint64 contentLength = 0;
    for (QByteArray line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            first = false;
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()
                || !parts.at(2).startsWith("HTTP/1.")) {
                buffer.clear();
                request = rejected(400);
                return Result::Rejected;
            }
            r.method = parts.at(0);
            r.target = parts.at(1);
            r.version = parts.at(2);
            continue;
        }
        if (line.isEmpty())
            continue; // the terminating blank line
        const qsizetype colon = line.indexOf(':');
        // A name must be a token; a leading space would be obsolete line folding.
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
            buffer.clear();
            request = rejected(400);
            return Result::Rejected;
        }
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            buffer.clear();
            request = rejected(400);
            return Result::Rejected;
        }
        if (name == "content-length") {
            bool ok = false;
            contentLength = value.toLongLong(&ok);
            if (!ok || contentLength < 0 || contentLength > MaxBodySize) {
                buffer.clear();
                request = rejected(400);
                return Result::Rejected;
            }
        }
        r.headers.append({name, value});
    }

    if (buffer.size() - end < contentLength)
        return Result::Incomplete; // parsed again when the body has arrived
    buffer.remove(0, end + contentLength);
    request = std::move(r);
    return Result::Complete;
}

ByteRange RequestParser::parseRange(const QByteArray &header, qint64 total)
{
    const QByteArray value = header.trimmed();
    if (!value.startsWith("bytes="))
        return {};
    const QByteArray spec = value.mid(6).trimmed();
    const qsizetype dash = spec.indexOf('-');
    if (spec.contains(',') || dash < 0)
        return {}; // multi-range is not supported: serve the whole body
    const QByteArray a = spec.left(dash).trimmed();
    const QByteArray b = spec.mid(dash + 1).trimmed();
    bool ok = false;

    if (a.isEmpty()) { // "-n": the last n bytes
        const qint64 n = parseDigits(b, &ok);
        if (!ok)
            return {};
        if (n == 0 || total == 0)
            return {ByteRange::Kind::Unsatisfiable};
        return {ByteRange::Kind::Satisfiable, qMax<qint64>(0, total - n), total - 1};
    }
    const qint64 first = parseDigits(a, &ok);
    if (!ok)
        return {};
    qint64 last = total - 1;
    if (!b.isEmpty()) {
        last = parseDigits(b, &ok);
        if (!ok || last < first)
            return {};
    }
    if (first >= total)
        return {ByteRange::Kind::Unsatisfiable};
    return {ByteRange::Kind::Satisfiable, first, qMin(last, total - 1)};
}

} // namespace Ferry::Test
