#pragma once

#include "net/downloadtypes.h"
#include "net/downloadfiles.h"
#include "net/lengthconfirmation.h"
#include "net/resumestate.h"
#include "net/segment.h"
#include "net/speedmeter.h"
#include "net/stallwatchdog.h"
#include "net/tokenbucket.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QThreadPool;

namespace Ferry {

class ContentDecoder;
class Trace;
class NetworkAccessPool;
class StreamHasher;

// One file: finds or creates its partial file, runs one or more Segments into it, hashes the bytes
// as they land, checkpoints its ResumeState, and publishes the final name only when the body is
// complete and verified. Lives on the engine thread. Reports through changed() (the manager coalesces)
// and finished() exactly once.
class Download final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Download)

public:
    // What the engine lends a download: shared network managers, the global speed limit, the pool
    // for disk and hash work, and the per-host connection cap.
    struct Services
    {
        NetworkAccessPool *network = nullptr;
        TokenBucket *globalLimit = nullptr;
        QThreadPool *workers = nullptr;  // CPU work (hashing)
        QThreadPool *disk = nullptr;     // syncs and renames
        std::function<bool(const QString &hostKey)> acquireConnection;
        std::function<void(const QString &hostKey)> releaseConnection;
        Trace *trace = nullptr;  // where spans go; may be null
    };

    Download(DownloadId id, DownloadRequest request, const DownloadOptions &options, Services services,
             QObject *parent = nullptr);
    ~Download() override;

    DownloadId id() const { return m_id; }
    DownloadState state() const { return m_state; }
    const DownloadRequest &request() const { return m_request; }
    QString hostKey() const { return m_hostKey; }
    QStringList log() const { return m_log; }

    // The caller already holds one connection to hostKey() for this download; it is released when the
    // download stops (pause, failure, success).
    void start();
    void pause();
    void cancel(bool keepPartial);

    // Updates the smoothed speed; called on the engine's flush tick, not per chunk.
    DownloadSnapshot snapshot();
    DownloadDetails details() const;

Q_SIGNALS:
    void changed(Ferry::DownloadId id);
    void logLine(Ferry::DownloadId id, const QString &line);
    void finished(Ferry::DownloadId id);

private:
    // Setting out
    bool prepareFolder();
    void locatePartial();
    bool enterCategoryFolder();
    QNetworkRequest baseRequest(const QUrl &url) const;
    void startFresh(bool sendRange);
    void startResume();
    QString networkKey() const;
    Segment *newSegment();
    void startSegment(Segment *segment, int rangeIndex, bool sendRange, bool useIfRange);

    // Responses and bytes
    void onHeaders(Segment *segment);
    bool acceptFirstResponse(Segment *segment, qint64 total, const Validators &validators);
    void drain(Segment *segment);
    void drainAll();
    bool flush(Segment *segment);
    void feedHasher(qint64 offset, const QByteArray &data);
    void splitForConnections(Segment *first);
    bool stealWork(Segment *idle);

    // Endings
    void onSegmentFinished(Segment *segment, const Segment::Result &result);
    void retrySegment(Segment *segment, const Segment::Result &result);
    void releaseSegment(Segment *segment);
    // Why a download starts over from zero; after kMaxStartOvers the last one names the failure.
    enum class StartOverCause { FileChanged, WholeFileInstead, BadContentRange, NotResumable, RangeRefused };
    void startOver(const QString &why, StartOverCause cause, bool sendRange = true);
    void bodyEnded();
    void confirmLength();
    void onLengthDecision(const LengthConfirmation::Decision &decision);
    void finishBody();
    void onHashResult(const QList<QByteArray> &digests, const QString &error);
    void rejectMismatch(const QByteArray &actual);
    void publish();
    void fail(const TaskError &error);
    void stopTransfers();
    void releaseBaseConnection();
    void finish(DownloadState state, const TaskError &error = {});

    // Bookkeeping
    void checkpoint(bool force);
    void watchdog();
    void setState(DownloadState state, const QString &statusText = {});
    void log(const QString &line);
    void traceSegment(Segment *segment, const Segment::Result &result);
    bool ownsSegment(const Segment *segment) const;
    int rangeIndexOf(const Segment *segment) const;
    qint64 grantBytes(qint64 wanted, qint64 nowNs);

    const DownloadId m_id;
    const DownloadRequest m_request;
    const DownloadOptions m_options;
    const Services m_services;
    const QString m_hostKey;

    DownloadState m_state = DownloadState::Queued;
    QString m_statusText;
    QDateTime m_retryAt;  // while Retrying
    TaskError m_error;
    QStringList m_log;
    bool m_finishedEmitted = false;

    bool m_located = false;      // the partial file's name is chosen (an earlier one found, or a free one)
    QString m_partialBase;       // "name" of "name.ferry-part", from the request
    bool m_categoryDecided = false;
    ResumeState m_resume;        // what is on disk (flushed bytes), and the plan
    bool m_fresh = true;         // no byte of this attempt written yet: headers decide the layout
    QString m_finalName;
    QString m_finalPath;
    QUrl m_finalUrl;
    QString m_server;  // the Server header of the accepted response

    std::vector<Segment *> m_segments;  // children; the first uses the base connection, each other an extra
    std::vector<int> m_segmentRange;    // the range index each segment fills, parallel to m_segments
    int m_extraConnections = 0;
    bool m_holdsBaseConnection = false;  // the slot the manager acquired before start()
    int m_startOvers = 0;
    int m_lanes = 0;
    qint64 m_verifyStartUs = -1;
    static constexpr int kMaxStartOvers = 5;
    std::unique_ptr<ContentDecoder> m_decoder;
    LengthConfirmation m_length;  // whether the body's end was promised, and asking when it was not
    std::unique_ptr<StreamHasher> m_hasher;
    QList<HashAlgorithm> m_hashAlgorithms;
    DigestMap m_digests;

    StallWatchdog m_stall;
    TokenBucket m_ownLimit;
    QTimer m_throttleTimer;
    QTimer m_watchdogTimer;
    QTimer m_checkpointTimer;
    int m_generation = 0;        // bumps on pause/start-over so stale retry timers do nothing

    qint64 m_bytesDone = 0;      // flushed + buffered, for progress
    SpeedMeter m_speed;
    QElapsedTimer m_clock;
    QDateTime m_started;
    QDateTime m_finishedAt;

    DownloadFiles m_files;  // last: destroyed first, waiting for its queued syncs and renames
};

} // namespace Ferry
