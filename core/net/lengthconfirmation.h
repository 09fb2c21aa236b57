#pragma once

#include "net/completenessprobe.h"
#include "task/taskerror.h"

#include <QObject>
#include <QString>

#include <chrono>

class QNetworkAccessManager;

namespace Ferry {

class NetworkAccessPool;

// Whether a download's body ended where a length promised, and, when nothing promised it (chunked,
// or ended by a close), the server's word on it through a CompletenessProbe, turned into what the
// download does next. Qt 6.4 does not check chunked framing, so such a body can look whole when it
// is not; see docs/ARCHITECTURE.md. Lives with its download, on the engine thread.
class LengthConfirmation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LengthConfirmation)

public:
    struct Decision
    {
        enum class Action {
            Accept,     // the bytes are the whole file
            FetchRest,  // the body was cut and the server can send the rest: ask for total - received
            Fail,       // incomplete, or cannot be confirmed: error says why
        };
        Action action = Action::Fail;
        qint64 total = -1;  // FetchRest: the file's size
        QString logLine;    // Accept and FetchRest: what the download's log says
        TaskError error;    // Fail
    };

    // The pure part: what the probe's verdict means for `received` bytes. canResume: the download has
    // a validator, so the rest of this very file can be asked for; chunked: the body came chunked
    // (without chunks or a length the close is the end, by the protocol and for every client).
    static Decision decide(const CompletenessProbe::Verdict &verdict, qint64 received, bool canResume, bool chunked);

    explicit LengthConfirmation(QObject *parent = nullptr);
    ~LengthConfirmation() override;

    // The first response of an attempt: total -1 when no length promised where its body ends.
    void noteResponse(qint64 total, bool chunked);
    // Whether a body that ended must be confirmed: no length promised its end, and neither a decoder
    // that saw its stream end nor an expected checksum will judge the bytes.
    bool isNeeded(bool decoded, bool checksumExpected) const;

    // Asks the server with a manager from the pool (released when the answer comes, or on stop());
    // decided() follows once, unless stop() comes first. A FetchRest decision counts the length as
    // promised from then on.
    void ask(NetworkAccessPool *pool, const QString &networkKey, const QNetworkRequest &request, qint64 received,
             const QByteArray &ifRange, bool canResume, std::chrono::milliseconds timeout);
    void stop();

Q_SIGNALS:
    void decided(const Ferry::LengthConfirmation::Decision &decision);

private:
    bool m_unconfirmed = false;
    bool m_chunked = false;
    CompletenessProbe *m_probe = nullptr;  // a child while it asks
    NetworkAccessPool *m_pool = nullptr;
    QNetworkAccessManager *m_manager = nullptr;
    QString m_networkKey;
};

} // namespace Ferry
