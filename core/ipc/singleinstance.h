#pragma once

#include "task/taskerror.h"

#include <QObject>
#include <QStringList>

#include <memory>

class QLocalServer;
class QLockFile;
class QLocalSocket;

namespace Ferry {

// One Ferry per user: the first instance listens on a local socket, a second one hands it its
// arguments (URLs) and exits. Everything is asynchronous, so no thread ever waits on the socket.
//
// The socket lives in the user's runtime folder (XDG_RUNTIME_DIR, mode 0700) and is created with
// QLocalServer::UserAccessOption, so only the same user can connect. Who is first is decided by a
// QLockFile beside the socket: a crashed instance's lock (its process is gone) and its socket file
// are detected and replaced.
//
// The message is one frame: a 4-byte big-endian length, then a UTF-8 JSON array of strings, at most
// MaxMessageBytes. Anything else (too long, not JSON, not an array of strings, cut short, too slow)
// is refused: the connection is closed and nothing reaches messageReceived().
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    static constexpr qint64 MaxMessageBytes = 1 << 20;
    static constexpr int TimeoutMs = 5000;

    enum class Role {
        Undecided,
        Primary,    // listening: other instances' arguments arrive through messageReceived()
        Secondary,  // another instance runs: send() hands it the arguments
    };

    // socketPath: empty means "<runtime folder>/ferry.socket".
    explicit SingleInstance(QString socketPath = {}, QObject *parent = nullptr);
    ~SingleInstance() override;

    // Decides the role, asynchronously: decided() follows (never from inside start()), or failed()
    // when neither works.
    void start();
    Role role() const { return m_role; }
    QString socketPath() const { return m_path; }

    // Secondary only: sends the arguments; sent() or failed() follows.
    void send(const QStringList &arguments);

    static QString defaultSocketPath();

Q_SIGNALS:
    void decided(Ferry::SingleInstance::Role role);
    void sent();
    void failed(const Ferry::TaskError &error);
    // Primary: another instance's arguments (possibly empty: "just show the window").
    void messageReceived(const QStringList &arguments);

private:
    void probeExisting();
    bool listen();
    void accept();
    void readFrom(QLocalSocket *socket);
    void fail(const QString &message, const QString &detail);

    QString m_path;
    Role m_role = Role::Undecided;
    QLocalServer *m_server = nullptr;
    QLocalSocket *m_client = nullptr;  // the secondary's connection to the primary
    std::unique_ptr<QLockFile> m_lock; // held by the primary for its lifetime
    bool m_failed = false;
};

} // namespace Ferry
