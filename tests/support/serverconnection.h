#pragma once

#include "support/requestparser.h"
#include "support/responseplan.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QTimer>

#include <functional>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace Ferry::Test {

// One accepted connection of TestServer: reads requests one at a time, asks the planner what to
// answer and writes the answer with flow control (at most ~1 MiB waiting in the socket), drips and
// faults. Everything is asynchronous on the owning thread; a response that is in progress holds
// back the next request, so pipelined requests are answered in order.
class ServerConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerConnection)

public:
    using Planner = std::function<ResponsePlan(const HttpRequest &)>;

    // Takes ownership of socket.
    ServerConnection(QTcpSocket *socket, int id, Planner planner, QObject *parent = nullptr);
    ~ServerConnection() override;

    int id() const { return m_id; }
    void abort();

Q_SIGNALS:
    void progress(quint64 recordId, qint64 bodyBytesSent, Ferry::Test::ResponseEnd end);
    void closed(int id);

private:
    enum class State { Idle, Writing, Closing, Stalled, Closed };

    void onReadyRead();
    void processRequest();
    void start(ResponsePlan plan);
    void pump();
    void dripTick();
    qint64 bodyTarget() const;
    bool writeBodyPiece(qint64 size);
    void finishBody();
    void endResponse(ResponseEnd end);
    void closeSocket();
    void onDisconnected();

    QTcpSocket *m_socket;
    const int m_id;
    Planner m_planner;
    State m_state = State::Idle;
    QByteArray m_input;
    ResponsePlan m_plan;
    QFile m_file;
    qint64 m_sent = 0; // body bytes (or endless header bytes) of the current response
    QTimer m_dripTimer;
};

} // namespace Ferry::Test
