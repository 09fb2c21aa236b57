#pragma once

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace Ferry::Test {

// How a response ended, as recorded in the request log.
enum class ResponseEnd {
    InProgress,
    Complete,   // every promised byte was handed to the socket (plus longBy garbage, if any)
    Cut,        // closed early on purpose (cutAfter, shortBy, endless headers reaching the bound)
    Stalled,    // stallAfter reached: the connection stays open and silent
    ClientGone, // the client closed the connection first
};

// Lets QCOMPARE print the values when two ends differ (found by argument-dependent lookup).
inline char *toString(ResponseEnd end)
{
    static const char *const names[] = {"InProgress", "Complete", "Cut", "Stalled", "ClientGone"};
    return qstrdup(names[int(end)]);
}

// What TestServer decided to answer to one request; ServerConnection carries it out.
struct ResponsePlan
{
    enum class Kind { Normal, Raw, EndlessHeaders };
    enum class AtLimit { Close, Stall };

    Kind kind = Kind::Normal;
    QByteArray head;        // status line + headers + blank line; for Kind::Raw the verbatim bytes
    QByteArray body;        // source of the body when bodyFile is empty (implicitly shared)
    QString bodyFile;       // source of the body on disk
    qint64 offset = 0;      // first source byte to send
    qint64 length = 0;      // body bytes the response promises; 0 for HEAD
    bool chunked = false;   // Transfer-Encoding: chunked framing
    qint64 sendLimit = -1;  // body fault: stop after this many body bytes (< length)
    AtLimit atLimit = AtLimit::Close;
    bool brokenChunkAtLimit = false; // chunked: a chunk size that is not hex before the close
    qint64 garbage = 0;     // extra bytes after the body, then close
    int dripBytes = 0;      // > 0: one piece of this size per dripIntervalMs
    int dripIntervalMs = 10;
    bool close = false;     // close the connection once the response is out
    quint64 recordId = 0;   // the request log entry to update
};

} // namespace Ferry::Test
