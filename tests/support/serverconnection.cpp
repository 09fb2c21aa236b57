#include "support/serverconnection.h"

#include <QPointer>
#include <QTcpSocket>

namespace Ferry::Test {

namespace {

constexpr qint64 HighWater = 1024 * 1024; // bytes allowed to wait in the socket's write buffer
constexpr qint64 ChunkSize = 256 * 1024;
constexpr qint64 EndlessHeadersBound = 64 * 1024 * 1024;

} // namespace

ServerConnection::ServerConnection(QTcpSocket *socket, int id, Planner planner, QObject *parent)
    : QObject(parent), m_socket(socket), m_id(id), m_planner(std::move(planner))
{
    m_socket->setParent(this);
    m_dripTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_dripTimer, &QTimer::timeout, this, &ServerConnection::dripTick);
    connect(m_socket, &QTcpSocket::readyRead, this, &ServerConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &ServerConnection::pump);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServerConnection::onDisconnected);
    // Bytes may have arrived before we connected to readyRead.
    QMetaObject::invokeMethod(this, &ServerConnection::onReadyRead, Qt::QueuedConnection);
}

ServerConnection::~ServerConnection()
{
    // Nobody listens any more: the server is going away.
    m_socket->disconnect(this);
    m_socket->abort();
}

void ServerConnection::abort()
{
    m_dripTimer.stop();
    m_socket->abort(); // emits disconnected when it was connected
    if (m_state != State::Closed)
        onDisconnected();
}

void ServerConnection::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    if (m_state == State::Idle || m_state == State::Writing)
        m_input.append(data); // a request arriving mid-response waits its turn
    if (m_state == State::Idle)
        processRequest();
}

void ServerConnection::processRequest()
{
    if (m_state != State::Idle || m_input.isEmpty())
        return;
    HttpRequest request;
    if (RequestParser::parse(m_input, request) == RequestParser::Result::Incomplete)
        return;
    start(m_planner(request)); // a rejected request gets its 400/431 from the planner too
}

void ServerConnection::start(ResponsePlan plan)
{
    m_plan = std::move(plan);
    m_sent = 0;
    m_state = State::Writing;
    m_socket->write(m_plan.head);

    switch (m_plan.kind) {
    case ResponsePlan::Kind::Raw:
        endResponse(ResponseEnd::Complete);
        return;
    case ResponsePlan::Kind::EndlessHeaders:
        pump();
        return;
    case ResponsePlan::Kind::Normal:
        break;
    }

    if (!m_plan.bodyFile.isEmpty() && m_plan.length > 0) {
        m_file.setFileName(m_plan.bodyFile);
        if (!m_file.open(QIODevice::ReadOnly)) {
            qWarning("TestServer: cannot open %s", qPrintable(m_plan.bodyFile));
            endResponse(ResponseEnd::Cut);
            return;
        }
    }
    if (m_plan.dripBytes > 0 && bodyTarget() > 0)
        m_dripTimer.start(m_plan.dripIntervalMs);
    else
        pump();
}

qint64 ServerConnection::bodyTarget() const
{
    return m_plan.sendLimit >= 0 ? qMin(m_plan.sendLimit, m_plan.length) : m_plan.length;
}

void ServerConnection::pump()
{
    if (m_state != State::Writing || m_dripTimer.isActive())
        return;

    if (m_plan.kind == ResponsePlan::Kind::EndlessHeaders) {
        while (m_socket->bytesToWrite() < HighWater) {
            if (m_sent >= EndlessHeadersBound) {
                endResponse(ResponseEnd::Cut);
                return;
            }
            const QByteArray line = "X-Endless-" + QByteArray::number(m_sent) + ": "
                                    + QByteArray(1000, 'a') + "\r\n";
            const qint64 written = m_socket->write(line);
            if (written < 0)
                return; // the socket is gone; disconnected() follows
            m_sent += written;
        }
        return;
    }
    if (m_plan.kind != ResponsePlan::Kind::Normal)
        return;

    const qint64 before = m_sent;
    while (m_socket->bytesToWrite() < HighWater) {
        const qint64 remaining = bodyTarget() - m_sent;
        if (remaining <= 0) {
            finishBody();
            return;
        }
        if (!writeBodyPiece(qMin(remaining, ChunkSize)))
            return;
    }
    if (m_sent != before)
        Q_EMIT progress(m_plan.recordId, m_sent, ResponseEnd::InProgress);
}

void ServerConnection::dripTick()
{
    const qint64 remaining = bodyTarget() - m_sent;
    if (remaining > 0 && !writeBodyPiece(qMin<qint64>(remaining, m_plan.dripBytes)))
        return;
    Q_EMIT progress(m_plan.recordId, m_sent, ResponseEnd::InProgress);
    if (m_sent >= bodyTarget()) {
        m_dripTimer.stop();
        finishBody();
    }
}

bool ServerConnection::writeBodyPiece(qint64 size)
{
    QByteArray piece;
    const qint64 at = m_plan.offset + m_sent;
    if (m_plan.bodyFile.isEmpty()) {
        // No copy here; write() copies into the socket buffer.
        piece = QByteArray::fromRawData(m_plan.body.constData() + at, size);
    } else {
        if (!m_file.seek(at) || (piece = m_file.read(size)).size() != size) {
            qWarning("TestServer: short read from %s", qPrintable(m_plan.bodyFile));
            endResponse(ResponseEnd::Cut);
            return false;
        }
    }
    if (m_plan.chunked)
        m_socket->write(QByteArray::number(size, 16) + "\r\n");
    m_socket->write(piece);
    if (m_plan.chunked)
        m_socket->write("\r\n");
    m_sent += size;
    return true;
}

void ServerConnection::finishBody()
{
    if (m_sent < m_plan.length) {
        // A body fault: the chunked terminator is withheld as well.
        if (m_plan.brokenChunkAtLimit && m_plan.atLimit == ResponsePlan::AtLimit::Close)
            m_socket->write("zz\r\nXX");
        endResponse(m_plan.atLimit == ResponsePlan::AtLimit::Stall ? ResponseEnd::Stalled
                                                                     : ResponseEnd::Cut);
        return;
    }
    if (m_plan.chunked)
        m_socket->write("0\r\n\r\n");
    if (m_plan.garbage > 0)
        m_socket->write(QByteArray(m_plan.garbage, 'G'));
    endResponse(ResponseEnd::Complete);
}

void ServerConnection::endResponse(ResponseEnd end)
{
    m_dripTimer.stop();
    m_file.close();
    const bool keepOpen = end == ResponseEnd::Complete && !m_plan.close && m_plan.garbage == 0;
    const quint64 recordId = m_plan.recordId;
    const qint64 sent = m_plan.kind == ResponsePlan::Kind::Normal ? m_sent : 0;
    m_plan = {}; // drop the shared body
    m_state = end == ResponseEnd::Stalled ? State::Stalled : State::Idle;

    // Log first, so the record is final before the client can see the connection close.
    QPointer<ServerConnection> self(this);
    Q_EMIT progress(recordId, sent, end);
    if (!self || m_state != State::Idle)
        return;
    if (keepOpen) {
        // Queued, so a burst of pipelined requests does not recurse.
        QMetaObject::invokeMethod(this, &ServerConnection::processRequest, Qt::QueuedConnection);
    } else {
        closeSocket();
    }
}

void ServerConnection::closeSocket()
{
    m_state = State::Closing;
    m_input.clear();
    m_socket->disconnectFromHost(); // flushes what is buffered, then closes
}

void ServerConnection::onDisconnected()
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Writing) {
        const qint64 sent = m_plan.kind == ResponsePlan::Kind::Normal ? m_sent : 0;
        m_dripTimer.stop();
        m_state = State::Closed;
        Q_EMIT progress(m_plan.recordId, sent, ResponseEnd::ClientGone);
    }
    m_state = State::Closed;
    Q_EMIT closed(m_id);
}

} // namespace Ferry::Test
