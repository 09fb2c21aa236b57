#include "ipc/singleinstance.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QStandardPaths>
#include <QTimer>
#include <QtEndian>

#include <optional>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr const char *BufferProperty = "ferryFrame";
const QByteArray Acknowledgement = QByteArrayLiteral("ok\n");

QByteArray frame(const QStringList &arguments)
{
    const QByteArray json = QJsonDocument(QJsonArray::fromStringList(arguments)).toJson(QJsonDocument::Compact);
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian(quint32(json.size()), out.data());
    return out + json;
}

// The arguments in a complete frame body, or nullopt when it is not an array of strings.
std::optional<QStringList> parseBody(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return std::nullopt;
    QStringList arguments;
    for (const QJsonValue &v : doc.array()) {
        if (!v.isString())
            return std::nullopt;
        arguments.append(v.toString());
    }
    return arguments;
}

} // namespace

SingleInstance::SingleInstance(QString socketPath, QObject *parent)
    : QObject(parent), m_path(socketPath.isEmpty() ? defaultSocketPath() : std::move(socketPath))
{
}

SingleInstance::~SingleInstance() = default;  // QLocalServer removes its socket file when closed

QString SingleInstance::defaultSocketPath()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (folder.isEmpty())
        folder = QDir::tempPath();
    return QDir(folder).filePath(u"ferry.socket"_s);
}

void SingleInstance::start()
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    // The lock decides who is first, also when two start at once; QLocalServer alone cannot (with
    // UserAccessOption it renames its socket over an existing one). A lock whose process is gone
    // is stale and taken over, and so is the socket file such a process left behind.
    m_lock = std::make_unique<QLockFile>(m_path + u".lock"_s);
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0)) {
        QLocalServer::removeServer(m_path);
        if (!listen())
            fail(u"Cannot listen on %1."_s.arg(m_path), m_server->errorString());
        return;
    }
    if (m_lock->error() != QLockFile::LockFailedError)
        return fail(u"Cannot create the lock %1.lock."_s.arg(m_path), u"permission denied or unknown error"_s);
    m_lock.reset();
    probeExisting();
}

bool SingleInstance::listen()
{
    delete m_server;
    m_server = new QLocalServer(this);
    // Only this user may connect (the socket file gets mode 0700 before anyone can reach it).
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_path))
        return false;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::accept);
    m_role = Role::Primary;
    QMetaObject::invokeMethod(this, [this] { Q_EMIT decided(m_role); }, Qt::QueuedConnection);
    return true;
}

// The socket file exists: either another instance listens, or a crashed one left it behind.
void SingleInstance::probeExisting()
{
    m_client = new QLocalSocket(this);
    auto *deadline = new QTimer(m_client);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this] {
        fail(u"Another Ferry holds %1 but does not answer."_s.arg(m_path), u"timed out"_s);
    });
    // Queued: a local connection may complete inside connectToServer(), and decided() must never
    // reach the caller from inside start().
    connect(
        m_client, &QLocalSocket::connected, this,
        [this, deadline] {
            deadline->stop();
            m_role = Role::Secondary;
            Q_EMIT decided(m_role);
        },
        Qt::QueuedConnection);
    connect(m_client, &QLocalSocket::errorOccurred, this, [this, deadline](QLocalSocket::LocalSocketError) {
        if (m_role != Role::Undecided)
            return;  // the send's problem, handled there
        deadline->stop();
        // The lock is held, so an instance runs; it may still be starting, or stuck.
        fail(u"Another Ferry is running but cannot be reached through %1."_s.arg(m_path), m_client->errorString());
    });
    deadline->start(TimeoutMs);
    m_client->connectToServer(m_path);
}

void SingleInstance::send(const QStringList &arguments)
{
    if (m_role != Role::Secondary || !m_client)
        return fail(u"Not connected to a running Ferry."_s, {});
    auto *deadline = new QTimer(m_client);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, this, [this] {
        fail(u"The running Ferry did not take the URLs."_s, u"timed out"_s);
    });
    auto reply = std::make_shared<QByteArray>();
    connect(m_client, &QLocalSocket::readyRead, this, [this, reply, deadline] {
        *reply += m_client->readAll();
        if (reply->startsWith(Acknowledgement)) {
            deadline->stop();
            m_client->disconnectFromServer();
            Q_EMIT sent();
        }
    });
    connect(m_client, &QLocalSocket::disconnected, this, [this, reply, deadline] {
        if (!reply->startsWith(Acknowledgement)) {
            deadline->stop();
            fail(u"The running Ferry closed the connection without taking the URLs."_s, {});
        }
    });
    deadline->start(TimeoutMs);
    m_client->write(frame(arguments));
}

void SingleInstance::accept()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        // A client that sends nothing, or too slowly, is dropped.
        QTimer::singleShot(TimeoutMs, socket, &QLocalSocket::abort);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void SingleInstance::readFrom(QLocalSocket *socket)
{
    QByteArray buffer = socket->property(BufferProperty).toByteArray() + socket->readAll();
    if (buffer.size() < 4) {
        socket->setProperty(BufferProperty, buffer);
        return;
    }
    const quint32 length = qFromBigEndian<quint32>(buffer.constData());
    if (length > MaxMessageBytes || buffer.size() > qsizetype(length) + 4) {
        socket->abort();  // oversized, or more than one frame: not one of ours
        return;
    }
    if (buffer.size() < qsizetype(length) + 4) {
        socket->setProperty(BufferProperty, buffer);
        return;
    }
    const auto arguments = parseBody(buffer.mid(4));
    if (!arguments) {
        socket->abort();
        return;
    }
    socket->setProperty(BufferProperty, QByteArray());
    socket->write(Acknowledgement);
    socket->disconnectFromServer();
    Q_EMIT messageReceived(*arguments);
}

void SingleInstance::fail(const QString &message, const QString &detail)
{
    // Once, and never from inside start() or send().
    if (m_failed)
        return;
    m_failed = true;
    const TaskError error(TaskError::Code::FileSystem, message, detail);
    QMetaObject::invokeMethod(this, [this, error] { Q_EMIT failed(error); }, Qt::QueuedConnection);
}

} // namespace Ferry
