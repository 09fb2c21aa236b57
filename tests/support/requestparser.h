#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

namespace Ferry::Test {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One HTTP/1.x request head as the test server saw it.
struct HttpRequest
{
    QByteArray method;
    QByteArray target;   // as sent, e.g. "/file?x=1"
    QByteArray version;  // "HTTP/1.1"
    HeaderList headers;  // names lower-cased, values trimmed, in order
    int rejectStatus = 0; // 400 or 431 when the request could not be parsed

    QByteArray header(QByteArrayView lowerCaseName) const;
    bool wantsClose() const;
};

// A single byte range of a Range header (RFC 9110 14.1.2), resolved against the body size.
struct ByteRange
{
    enum class Kind { Ignore, Unsatisfiable, Satisfiable };
    Kind kind = Kind::Ignore; // Ignore: not a single valid byte range, so serve the whole body
    qint64 first = 0;
    qint64 last = -1;         // inclusive
};

// Takes complete requests off the front of a connection's input buffer. A request body announced
// with Content-Length is consumed and dropped; chunked request bodies are not supported (400).
class RequestParser
{
public:
    enum class Result { Incomplete, Complete, Rejected };
    static constexpr qsizetype MaxHeadSize = 64 * 1024;
    static constexpr qint64 MaxBodySize = 1024 * 1024;

    // On Complete or Rejected the consumed bytes are removed from buffer. After Rejected the
    // connection must be closed: the rest of the buffer cannot be trusted.
    static Result parse(QByteArray &buffer, HttpRequest &request);

    // "bytes=a-b", "bytes=a-" and "bytes=-n". Multi-range and malformed values are ignored.
    static ByteRange parseRange(const QByteArray &header, qint64 total);
};

} // namespace Ferry::Test
