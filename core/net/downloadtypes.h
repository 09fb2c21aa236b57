#pragma once

#include "config/categoryrules.h"
#include "net/retrypolicy.h"
#include "task/taskerror.h"
#include "util/hasher.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QUrl>

#include <chrono>

namespace Ferry {

using DownloadId = quint64;

// An expected digest: the download fails with ChecksumMismatch (and the file stays a partial file)
// when the bytes do not hash to it.
struct ExpectedChecksum
{
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    QByteArray digest;  // raw bytes, not hex
    bool isSet() const { return !digest.isEmpty(); }
};

// Everything a download needs to know up front. Plain value: built by the UI or the CLI, copied into
// the engine's thread.
struct DownloadRequest
{
    QUrl url;
    QString directory;            // the user's chosen folder; nothing is written outside it
    QString fileName;             // a name the user chose; empty: Content-Disposition, then the URL
    int connections = 1;          // segments when the server allows ranges with a strong validator
    qint64 rateLimit = 0;         // bytes per second for this download; 0 = only the global limit
    ExpectedChecksum expected;
    QList<HashAlgorithm> hashes;  // digests computed while the bytes stream in (expected's is added)
    QList<QPair<QByteArray, QByteArray>> headers;  // extra request headers: Referer, Cookie, User-Agent
    QString user;                 // credentials for basic/digest auth; the URL's user info works too
    QString password;
    bool allowInsecureRedirect = false;  // https -> http
    // Sorts the file into a category folder inside `directory` once its final name is known
    // (after Content-Disposition and redirects), before the partial file is created. None: stays.
    CategoryRules categories = CategoryRules::none();
};

// Tunables shared by every download of one engine; the CLI and the settings dialog set them.
struct DownloadOptions
{
    RetryPolicy::Config retry;
    std::chrono::milliseconds stallTimeout{30000};  // no bytes for this long: a transient error
    qint64 minimumSpeed = 0;          // bytes/s averaged over stallTimeout; 0 = only "no bytes" counts
    int maxRedirects = 20;
    qint64 minSegmentSize = 1 << 20;  // do not split below 1 MiB
    std::chrono::milliseconds checkpointInterval{1000};  // how much progress a kill -9 may lose
    bool syncEveryFile = false;  // fsync before every rename, also of downloads shorter than a checkpoint
};

enum class DownloadState {
    Queued,       // waiting for a slot
    Connecting,   // request sent, no body yet
    Downloading,
    Retrying,     // waiting for the retry timer; see statusText for when and why
    Verifying,    // body complete, finishing the hash
    Paused,
    Succeeded,
    Failed,
    Cancelled,
};

QString downloadStateName(DownloadState state);

// An address Ferry can download: valid, http or https, with a host. The one place that says so.
bool isDownloadableUrl(const QUrl &url);
// "1.5 MB" for a download's log lines and errors: the C locale, so logs read the same everywhere.
QString formatBytes(qint64 bytes);
inline bool isFinalState(DownloadState s)
{
    return s == DownloadState::Succeeded || s == DownloadState::Failed || s == DownloadState::Cancelled;
}

// The digests a finished download computed, hex-encoded by algorithm name ("sha256" -> "ab12...").
using DigestMap = QList<QPair<HashAlgorithm, QByteArray>>;

// What the GUI or the CLI sees of a download: a copy, published in batches at most ~30 times a second.
struct DownloadSnapshot
{
    DownloadId id = 0;
    QUrl url;
    QUrl finalUrl;         // after redirects
    QString fileName;      // best current guess; final once Succeeded
    QString path;          // absolute path of the final file once Succeeded, else of the partial file
    DownloadState state = DownloadState::Queued;
    QString statusText;    // why it waits, what it retries, in words
    QDateTime retryAt;     // while Retrying: when the next attempt starts
    qint64 bytesDone = 0;
    qint64 bytesTotal = -1;  // -1: unknown
    double speed = 0;        // bytes/s, smoothed
    qint64 etaSeconds = -1;  // -1: unknown
    int connections = 0;     // open right now
    DigestMap digests;       // filled once Succeeded
    TaskError error;
    QDateTime started;
    QDateTime finished;
};

// What a details panel shows of a download beyond its snapshot; asked for, not published.
struct DownloadDetails
{
    // One byte range of the file and how much of it is on disk; `active` while a connection fills it.
    struct Range
    {
        qint64 start = 0;
        qint64 end = -1;  // exclusive; -1 unknown
        qint64 done = 0;
        bool active = false;
    };

    QString server;           // the Server header of the first response, if any
    QByteArray etag;          // as sent
    QByteArray lastModified;  // as sent
    qint64 total = -1;
    QList<Range> ranges;      // by start; one for a download that is not split
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::DownloadSnapshot)
