#include "download.h"

#include "net/contentdecoder.h"
#include "net/contentdisposition.h"
#include "net/filenames.h"
#include "net/networkaccesspool.h"
#include "net/segmentscheduler.h"
#include "net/streamhasher.h"
#include "engine/trace.h"

#include <QDateTime>
#include <QFileInfo>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QThreadPool>

#include <algorithm>
#include <unistd.h>

namespace Ferry {

namespace {

constexpr qint64 kWriteChunk = 1 << 20;  // decoded bytes are written a MiB at a time
constexpr qint64 kHashMemoryLimit = 8 << 20;  // beyond this, the hasher catches up from the file
constexpr int kMaxLogLines = 2000;

QString hostKeyOf(const QUrl &url)
{
    return url.scheme() + u"://" + url.host().toLower() + u':' + QString::number(url.port(url.scheme() == u"https" ? 443 : 80));
}

} // namespace

Download::Download(DownloadId id, DownloadRequest request, const DownloadOptions &options, Services services,
                   QObject *parent)
    : QObject(parent),
      m_id(id),
      m_request(std::move(request)),
      m_options(options),
      m_services(std::move(services)),
      m_hostKey(hostKeyOf(m_request.url)),
      m_stall(m_options.stallTimeout, m_options.minimumSpeed),
      m_ownLimit(m_request.rateLimit),
      m_files(m_request.directory, m_services.disk, this)
{
    m_hashAlgorithms = m_request.hashes;
    if (m_request.expected.isSet() && !m_hashAlgorithms.contains(m_request.expected.algorithm))
        m_hashAlgorithms.append(m_request.expected.algorithm);

    for (QObject *child : std::initializer_list<QObject *>{ &m_throttleTimer, &m_watchdogTimer, &m_checkpointTimer, &m_length })
        child->setParent(this);  // so moveToThread() would take them along
    m_throttleTimer.setSingleShot(true);
    connect(&m_throttleTimer, &QTimer::timeout, this, &Download::drainAll);
    m_watchdogTimer.setInterval(StallWatchdog::CheckIntervalMs);
    connect(&m_watchdogTimer, &QTimer::timeout, this, &Download::watchdog);
    m_checkpointTimer.setInterval(int(m_options.checkpointInterval.count()));
    connect(&m_checkpointTimer, &QTimer::timeout, this, [this] { checkpoint(false); });
    connect(&m_length, &LengthConfirmation::decided, this, &Download::onLengthDecision);
    m_clock.start();
}

Download::~Download()
{
    stopTransfers();
}

// ---------------------------------------------------------------------------------------------------
// Setting out

void Download::start()
{
    if (isFinalState(m_state) || (m_state != DownloadState::Queued && m_state != DownloadState::Paused))
        return;
    ++m_generation;
    m_holdsBaseConnection = true;
    if (!m_started.isValid())
        m_started = QDateTime::currentDateTime();
    setState(DownloadState::Connecting);
    if (!prepareFolder())
        return;
    if (m_files.isOpen() && m_resume.isResumable() && m_resume.bytesDone() > 0)
        startResume();
    else
        startFresh(true);
    m_watchdogTimer.start();
}

bool Download::prepareFolder()
{
    if (!isDownloadableUrl(m_request.url)) {
        fail({ TaskError::Code::InvalidInput, QStringLiteral("Not an http or https address"),
               m_request.url.toDisplayString() });
        return false;
    }
    if (!m_located)
        locatePartial();
    return !isFinalState(m_state);
}

void Download::locatePartial()
{
    const QString base = FileNames::sanitize(m_request.fileName.isEmpty() ? FileNames::fromUrl(m_request.url)
                                                                           : m_request.fileName);
    m_partialBase = base;
    std::optional<ResumeState> earlier;
    QString note;
    if (const TaskError e = m_files.locate(m_request.url, base, &earlier, &note); e.isError()) {
        fail(e);
        return;
    }
    m_located = true;
    if (!note.isEmpty())
        log(note);
    if (earlier) {
        m_resume = *earlier;
        if (m_resume.isResumable()) {
            m_fresh = false;
            m_bytesDone = m_resume.bytesDone();
            log(QStringLiteral("Found %1 of an earlier attempt in %2").arg(formatBytes(m_bytesDone), m_files.partialPath()));
        }
    }
}

// The category is decided once, when the final name is first known and no partial file exists yet
// (one found from an earlier run, or reused, keeps the folder it is in). The engine learns the
// folder from the partial file's path and stores it, so a restart resumes there.
bool Download::enterCategoryFolder()
{
    if (m_categoryDecided || m_files.isOpen() || m_request.categories.isEmpty())
        return true;
    m_categoryDecided = true;
    const QString category = m_request.categories.categoryFor(m_resume.fileName, m_request.url, m_resume.finalUrl);
    if (category.isEmpty())
        return true;
    std::optional<ResumeState> earlier;  // a kill before the engine stored the folder left it: reused, from 0
    QString note;
    if (const TaskError e = m_files.locateIn(category, m_request.url, m_partialBase, &earlier, &note); e.isError()) {
        fail(e);
        return false;
    }
    if (!note.isEmpty())
        log(note);
    log(QStringLiteral("Sorted into %1 (category %2)").arg(m_files.folderPath(), category));
    return true;
}

QNetworkRequest Download::baseRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    // Identity, or Qt decodes silently and resume offsets count the wrong bytes.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Ferry/" FERRY_VERSION));
    // One TCP connection per segment; HTTP/2 would multiplex them all onto one.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    for (const auto &[name, value] : m_request.headers)
        request.setRawHeader(name, value);
    if (!m_request.user.isEmpty()) {
        // Sent up front, as curl does with -u: Qt's credential cache is shared by every manager and
        // would otherwise answer a challenge with another task's password for the same host. A server
        // that wants Digest still gets its challenge answered (Segment::onAuthenticationRequired).
        request.setRawHeader("Authorization",
                             "Basic " + (m_request.user + u':' + m_request.password).toUtf8().toBase64());
    }
    return request;
}

void Download::startFresh(bool sendRange)
{
    m_fresh = true;
    m_decoder.reset();
    m_resume.url = m_request.url;
    m_resume.finalUrl = m_request.url;
    m_resume.ranges = { ResumeState::Range{ 0, -1, 0 } };
    Segment *segment = newSegment();
    startSegment(segment, 0, sendRange, false);
}

void Download::startResume()
{
    log(QStringLiteral("Resuming at %1 of %2").arg(formatBytes(m_resume.bytesDone()), formatBytes(m_resume.total)));
    // Hash the part already on disk once, then keep streaming.
    if (!m_hashAlgorithms.isEmpty() && !m_hasher)
        m_hasher = std::make_unique<StreamHasher>(m_hashAlgorithms, m_files.partial().fd(), m_services.workers);
    if (m_hasher)
        connect(m_hasher.get(), &StreamHasher::resultReady, this, &Download::onHashResult, Qt::UniqueConnection);
    feedHasher(-1, {});

    int running = 0;
    for (int i = 0; i < m_resume.ranges.size(); ++i) {
        if (m_resume.ranges[i].isComplete())
            continue;
        if (running > 0) {
            // The rest wait for a segment to finish (stealWork picks them up).
            if (running >= m_request.connections || !m_services.acquireConnection(m_hostKey))
                break;
            ++m_extraConnections;
        }
        startSegment(newSegment(), i, true, true);
        ++running;
    }
    m_checkpointTimer.start();
    if (running == 0)
        finishBody();
}

// QNetworkAccessManager caches credentials per host and realm and would offer one task's password for
// another's request; managers are therefore never shared between different credentials.
QString Download::networkKey() const
{
    const QString user = m_request.user.isEmpty() ? m_request.url.userName() : m_request.user;
    if (user.isEmpty())
        return m_hostKey;
    const QString password = m_request.user.isEmpty() ? m_request.url.password() : m_request.password;
    const QByteArray identity = Hasher::hash((user + u'\n' + password).toUtf8(), HashAlgorithm::Sha256).toHex();
    return m_hostKey + u'#' + QString::fromLatin1(identity);
}

Segment *Download::newSegment()
{
    auto *segment = new Segment(m_services.network->acquire(networkKey()), networkKey(), this);
    connect(segment, &Segment::headersReceived, this, &Download::onHeaders);
    connect(segment, &Segment::readyRead, this, &Download::drain);
    connect(segment, &Segment::finished, this, &Download::onSegmentFinished);
    segment->lane = ++m_lanes;
    m_segments.push_back(segment);
    m_segmentRange.push_back(-1);
    return segment;
}

void Download::startSegment(Segment *segment, int rangeIndex, bool sendRange, bool useIfRange)
{
    const auto it = std::find(m_segments.begin(), m_segments.end(), segment);
    m_segmentRange[size_t(it - m_segments.begin())] = rangeIndex;
    const ResumeState::Range &range = m_resume.ranges[rangeIndex];
    segment->start = range.start;
    segment->end = range.end;
    segment->lastByteNs = m_clock.nsecsElapsed();
    if (m_services.trace) {
        segment->traceStartUs = m_services.trace->nowUs();
        m_services.trace->begin({ m_id, QStringLiteral("bytes %1-").arg(range.position()),
                                  QStringLiteral("download %1 · connection %2").arg(m_id).arg(segment->lane),
                                  segment->traceStartUs, -1, 0, QString() });
    }
    const QUrl url = m_fresh ? m_request.url : m_resume.finalUrl;
    const Segment::Rules rules{ m_options.maxRedirects, m_request.allowInsecureRedirect, m_request.user,
                                m_request.password };
    segment->fetch(baseRequest(url), range.position(), range.end, sendRange,
                   useIfRange ? m_resume.validators.ifRangeValue() : QByteArray(), rules);
    if (m_state != DownloadState::Downloading)
        setState(DownloadState::Connecting);
}

// ---------------------------------------------------------------------------------------------------
// Responses and bytes

void Download::onHeaders(Segment *segment)
{
    QNetworkReply *reply = segment->reply();
    const int status = segment->httpStatus();
    const QByteArray encoding = reply->rawHeader("Content-Encoding").trimmed().toLower();
    const bool encoded = !ContentDecoder::isIdentity(encoding);
    const Validators validators{ reply->rawHeader("ETag"), reply->rawHeader("Last-Modified") };
    const auto range = ContentRange::parse(reply->rawHeader("Content-Range"));

    if (m_fresh) {
        qint64 total = -1;
        if (status == 206) {
            if (!range || range->isUnsatisfied() || range->first != 0) {
                startOver(QStringLiteral("the server's Content-Range does not match the request"),
                          StartOverCause::BadContentRange, false);
                return;
            }
            // "bytes 0-4/*" is a piece of unknown size: its end is not the file's end.
            if (range->total < 0) {
                startOver(QStringLiteral("the server sent part of the file without its total size"),
                          StartOverCause::BadContentRange, false);
                return;
            }
            total = range->total;
        } else if (!encoded) {
            const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
            total = length.isValid() ? length.toLongLong() : -1;
        }
        if (encoded) {
            if (!ContentDecoder::isSupported(encoding)) {
                fail({ TaskError::Code::Protocol,
                       QStringLiteral("The server sent the file in an encoding Ferry cannot decode"),
                       QStringLiteral("Content-Encoding: %1").arg(QString::fromLatin1(encoding)) });
                return;
            }
            // Offsets would count encoded bytes: such a download cannot be resumed or split.
            m_decoder = std::make_unique<ContentDecoder>(encoding);
            total = -1;
            log(QStringLiteral("The server applied Content-Encoding %1 although we asked for none; decoding it")
                    .arg(QString::fromLatin1(encoding)));
        }
        m_length.noteResponse(total, reply->rawHeader("Transfer-Encoding").toLower().contains("chunked"));
        acceptFirstResponse(segment, total, encoded ? Validators{} : validators);
        return;
    }

    if (status == 200) {
        startOver(QStringLiteral("the server sent the whole file instead of the rest (it changed, or ignores ranges)"),
                  StartOverCause::WholeFileInstead);
        return;
    }
    if (encoded) {
        startOver(QStringLiteral("the server now encodes the response, so offsets would not match"),
                  StartOverCause::FileChanged);
        return;
    }
    if (!range || range->isUnsatisfied() || range->first != segment->requestedFrom
        || (range->total >= 0 && range->total != m_resume.total)) {
        startOver(QStringLiteral("the server's Content-Range (%1) does not match the request")
                      .arg(QString::fromLatin1(reply->rawHeader("Content-Range"))),
                  StartOverCause::BadContentRange);
        return;
    }
    if (validators.isStrongEtag() && m_resume.validators.isStrongEtag() && validators.etag != m_resume.validators.etag) {
        startOver(QStringLiteral("the server's file changed (its ETag is different)"), StartOverCause::FileChanged);
        return;
    }
    setState(DownloadState::Downloading);
}

bool Download::acceptFirstResponse(Segment *segment, qint64 total, const Validators &validators)
{
    QNetworkReply *reply = segment->reply();
    m_resume.total = total;
    m_resume.validators = validators;
    m_resume.finalUrl = segment->finalUrl();
    m_resume.ranges = { ResumeState::Range{ 0, total, 0 } };
    m_server = QString::fromLatin1(reply->rawHeader("Server")).simplified();
    segment->end = total;

    QString name = m_request.fileName;
    if (name.isEmpty())
        name = ContentDisposition::parse(reply->rawHeader("Content-Disposition")).fileName;
    if (name.isEmpty())
        name = FileNames::fromUrl(m_resume.finalUrl);
    if (name.isEmpty())
        name = FileNames::fromUrl(m_request.url);
    m_resume.fileName = FileNames::sanitize(name);
    if (!enterCategoryFolder())
        return false;

    if (total > 0) {
        const qint64 free = m_files.freeBytes();
        if (free >= 0 && free < total) {
            fail({ TaskError::Code::DiskFull,
                   QStringLiteral("Not enough free space in %1: the file needs %2, %3 is free")
                       .arg(m_files.folderPath(), formatBytes(total), formatBytes(free)) });
            return false;
        }
    }
    if (const TaskError e = m_files.create(); e.isError()) {
        fail(e);
        return false;
    }
    m_fresh = false;
    m_bytesDone = 0;
    m_speed.restart(0, m_clock.nsecsElapsed());
    m_hasher.reset();
    if (!m_hashAlgorithms.isEmpty())
        m_hasher = std::make_unique<StreamHasher>(m_hashAlgorithms, m_files.partial().fd(), m_services.workers);
    if (m_hasher)
        connect(m_hasher.get(), &StreamHasher::resultReady, this, &Download::onHashResult);

    log(QStringLiteral("%1 from %2: %3, %4").arg(QString::number(segment->httpStatus()), m_resume.finalUrl.toDisplayString(),
                                                 total >= 0 ? formatBytes(total) : QStringLiteral("size unknown"),
                                                 validators.canResume() ? QStringLiteral("resumable")
                                                                        : QStringLiteral("not resumable")));
    setState(DownloadState::Downloading);
    splitForConnections(segment);
    // The first checkpoint comes after one interval: a small file is done before it and never gets
    // a resume state (nor pays its fsync); a kill before it leaves an orphan that findPartial() reuses.
    m_checkpointTimer.start();
    return true;
}

// Splits a fresh download into up to `connections` ranges once the first 206 proves the server can.
void Download::splitForConnections(Segment *first)
{
    const qint64 total = m_resume.total;
    if (first->httpStatus() != 206 || m_decoder || !m_resume.validators.canResume())
        return;
    const int wanted = SegmentScheduler(m_options.minSegmentSize).connectionsFor(total, m_request.connections);
    if (wanted <= 1)
        return;
    // Reserve the whole file once, so ranges written out of order do not fragment it and a full disk
    // shows up now rather than in the middle.
    if (const TaskError e = m_files.partial().allocate(total); e.isError()) {
        fail(e);
        return;
    }
    int granted = 1;
    while (granted < wanted && m_services.acquireConnection(m_hostKey))
        ++granted;
    if (granted == 1)
        return;
    const QList<ResumeState::Range> plan = SegmentScheduler::evenSplit(total, granted);
    m_resume.ranges[0].end = first->end = plan[0].end;
    for (int i = 1; i < granted; ++i) {
        m_resume.ranges.append(plan[i]);
        Segment *segment = newSegment();
        ++m_extraConnections;
        startSegment(segment, int(m_resume.ranges.size()) - 1, true, true);
    }
    log(QStringLiteral("Split into %1 connections").arg(granted));
}

qint64 Download::grantBytes(qint64 wanted, qint64 nowNs)
{
    qint64 granted = wanted;
    if (!m_ownLimit.isUnlimited())
        granted = m_ownLimit.take(granted, nowNs);
    TokenBucket *global = m_services.globalLimit;
    if (granted > 0 && global && !global->isUnlimited()) {
        const qint64 fromGlobal = global->take(granted, nowNs);
        m_ownLimit.giveBack(granted - fromGlobal);
        granted = fromGlobal;
    }
    if (granted == 0 && !m_throttleTimer.isActive()) {
        const qint64 probe = std::min<qint64>(wanted, 16 << 10);
        qint64 waitNs = m_ownLimit.isUnlimited() ? 0 : m_ownLimit.nanosUntil(probe, nowNs);
        if (global && !global->isUnlimited())
            waitNs = std::max(waitNs, global->nanosUntil(probe, nowNs));
        m_throttleTimer.start(int(std::clamp<qint64>(waitNs / 1000000, 1, 1000)));
    }
    return granted;
}

void Download::drain(Segment *segment)
{
    QNetworkReply *reply = segment->reply();
    if (!reply || (m_state != DownloadState::Downloading && m_state != DownloadState::Connecting
                   && m_state != DownloadState::Retrying))
        return;
    const qint64 nowNs = m_clock.nsecsElapsed();
    segment->lastByteNs = nowNs;
    while (reply->bytesAvailable() > 0) {
        qint64 wanted = std::min<qint64>(reply->bytesAvailable(), kWriteChunk);
        if (!m_decoder && segment->end >= 0)
            wanted = std::min(wanted, segment->end - segment->position);
        if (wanted <= 0)
            break;
        const qint64 granted = grantBytes(wanted, nowNs);
        if (granted == 0)
            return;  // the throttle timer calls drainAll() again
        qint64 got = 0;
        if (m_decoder) {
            const QByteArray raw = reply->read(granted);
            const qint64 before = segment->buffer.size();
            if (!m_decoder->decode(raw, segment->buffer)) {
                fail({ TaskError::Code::Protocol, QStringLiteral("The server's compressed data is corrupt"),
                       m_decoder->errorString() });
                return;
            }
            got = segment->buffer.size() - before;
        } else {
            // Take the reply's chunk as it is and write it at once: no copy into a buffer of ours, and
            // the chunks are as large as the network is fast (up to the reply's buffer size).
            if (!segment->buffer.isEmpty() && !flush(segment))
                return;
            segment->buffer = reply->read(granted);
            segment->bufferOffset = segment->position;
            got = segment->buffer.size();
        }
        segment->position += got;
        m_bytesDone += got;
        if ((!m_decoder || segment->buffer.size() >= kWriteChunk) && !flush(segment))
            return;
    }
    if (m_state != DownloadState::Downloading)
        setState(DownloadState::Downloading);
    Q_EMIT changed(m_id);

    if (!m_decoder && segment->end >= 0 && segment->position >= segment->end) {
        // Our range is complete; an open-ended or stolen-from request would keep sending: stop it.
        if (!flush(segment))
            return;
        segment->abort();
        return;
    }
    segment->noteDrained();
}

void Download::drainAll()
{
    const std::vector<Segment *> segments = m_segments;
    for (Segment *segment : segments) {
        if (ownsSegment(segment))
            drain(segment);
    }
}

bool Download::flush(Segment *segment)
{
    if (segment->buffer.isEmpty())
        return true;
    const qint64 offset = segment->bufferOffset;
    qint64 written = 0;
    const TaskError error = m_files.partial().write(offset, segment->buffer.constData(), segment->buffer.size(), &written);
    ResumeState::Range &range = m_resume.ranges[rangeIndexOf(segment)];
    range.done = offset + written - range.start;  // what landed counts, even when a full disk stopped the rest
    if (error.isError()) {
        segment->buffer.remove(0, written);
        segment->bufferOffset = offset + written;
        fail(error);
        return false;
    }
    QByteArray data = std::move(segment->buffer);
    segment->buffer = QByteArray();
    segment->bufferOffset = offset + data.size();
    feedHasher(offset, data);
    return true;
}

void Download::feedHasher(qint64 offset, const QByteArray &data)
{
    if (!m_hasher)
        return;
    if (offset >= 0 && offset == m_hasher->queuedEnd() && m_hasher->pendingMemoryBytes() < kHashMemoryLimit)
        m_hasher->feed(offset, data);
    const qint64 prefix = m_resume.contiguousPrefix();
    if (prefix > m_hasher->queuedEnd())
        m_hasher->feedFromFile(m_hasher->queuedEnd(), prefix - m_hasher->queuedEnd());
}

// A segment that finished its range takes a range nobody works on, or half of the largest remaining.
bool Download::stealWork(Segment *idle)
{
    if (!m_resume.validators.canResume() || m_decoder)
        return false;
    if (const int unclaimed = SegmentScheduler::unclaimedRange(m_resume.ranges, m_segmentRange); unclaimed >= 0) {
        startSegment(idle, unclaimed, true, true);
        return true;
    }
    std::vector<Segment *> running;
    std::vector<SegmentScheduler::Busy> busy;
    for (Segment *s : m_segments) {
        if (s != idle && s->isRunning()) {
            running.push_back(s);
            busy.push_back({ s->position, s->end });
        }
    }
    const auto cut = SegmentScheduler(m_options.minSegmentSize).cutForIdle(busy);
    if (!cut)
        return false;
    Segment *victim = running[size_t(cut->victim)];
    const qint64 oldEnd = victim->end;
    victim->end = cut->at;
    m_resume.ranges[rangeIndexOf(victim)].end = cut->at;
    m_resume.ranges.append({ cut->at, oldEnd, 0 });
    startSegment(idle, int(m_resume.ranges.size()) - 1, true, true);
    return true;
}

// ---------------------------------------------------------------------------------------------------
// Endings

void Download::onSegmentFinished(Segment *segment, const Segment::Result &result)
{
    traceSegment(segment, result);
    const int index = rangeIndexOf(segment);
    if (index < 0 || isFinalState(m_state) || m_state == DownloadState::Paused)
        return;
    if (!flush(segment))  // bytes that arrived before a cut are good bytes
        return;
    ResumeState::Range &range = m_resume.ranges[index];

    if (result.outcome == Segment::Outcome::Ended && range.end < 0) {
        // Without a length, the server closing the connection is the end, unless a compressed stream
        // says it is not complete.
        if (m_decoder && !m_decoder->isFinished()) {
            retrySegment(segment, { Segment::Outcome::Failed,
                                    { TaskError::Code::Protocol, QStringLiteral("The compressed data ended early") },
                                    true, std::nullopt });
            return;
        }
        range.end = range.position();
        m_resume.total = range.end;
    }

    if (range.isComplete()) {
        if (!stealWork(segment))
            releaseSegment(segment);
        if (m_segments.empty())
            bodyEnded();
        return;
    }
    if (result.outcome == Segment::Outcome::Aborted)
        return;  // we stopped it ourselves; whoever did decides what comes next

    if (m_fresh && segment->httpStatus() == 416) {
        // Some servers refuse "Range: bytes=0-" (an empty file, say): ask again without a range.
        startOver(QStringLiteral("the server refused a range starting at 0"), StartOverCause::RangeRefused, false);
        return;
    }
    if (result.outcome == Segment::Outcome::Ended) {
        retrySegment(segment, { Segment::Outcome::Failed,
                                { TaskError::Code::Protocol, QStringLiteral("The connection closed before all bytes arrived"),
                                  QStringLiteral("%1 of %2 bytes").arg(segment->position).arg(segment->end) },
                                true, std::nullopt });
        return;
    }
    retrySegment(segment, result);
}

void Download::retrySegment(Segment *segment, const Segment::Result &result)
{
    if (!result.transient) {
        fail(result.error);
        return;
    }
    const RetryPolicy policy(m_options.retry);
    // A connection cut after progress earns a new budget (a server that cuts every response still gets
    // there); a stall does not, or a server that is merely too slow would be retried forever.
    if (segment->position > segment->requestedFrom && result.error.code() != TaskError::Code::Stalled)
        segment->retries = 0;
    if (!policy.mayRetry(segment->retries)) {
        fail({ result.error.code(),
               result.error.message() + QStringLiteral(" (gave up after %1 retries)").arg(segment->retries),
               result.error.detail() });
        return;
    }
    ++segment->retries;
    const auto delay = policy.delayFor(segment->retries, result.retryAfter, *QRandomGenerator::global());
    m_retryAt = QDateTime::currentDateTime().addMSecs(delay.count());
    const QString when = m_retryAt.time().toString(QStringLiteral("HH:mm:ss"));
    log(QStringLiteral("%1; retry %2 of %3 at %4").arg(result.error.toString()).arg(segment->retries)
            .arg(policy.config().maxRetries).arg(when));
    setState(DownloadState::Retrying,
             QStringLiteral("Retry %1 at %2: %3").arg(segment->retries).arg(when, result.error.message()));

    const bool resumable = !m_fresh && m_resume.isResumable() && !m_decoder;
    const int generation = m_generation;
    QTimer::singleShot(delay, this, [this, segment, generation, resumable] {
        if (generation != m_generation || isFinalState(m_state) || m_state == DownloadState::Paused)
            return;
        if (m_fresh) {
            startSegment(segment, 0, true, false);
        } else if (!resumable) {
            startOver(QStringLiteral("the server's response cannot be resumed"), StartOverCause::NotResumable);
        } else {
            startSegment(segment, rangeIndexOf(segment), true, true);
        }
    });
}

void Download::releaseSegment(Segment *segment)
{
    const auto it = std::find(m_segments.begin(), m_segments.end(), segment);
    if (it == m_segments.end())
        return;
    const auto position = it - m_segments.begin();
    m_segments.erase(it);
    m_segmentRange.erase(m_segmentRange.begin() + position);
    // Disconnected below, so its finished() never comes: close its span here.
    traceSegment(segment, { Segment::Outcome::Aborted, {}, false, std::nullopt });
    segment->disconnect(this);
    segment->abort();        // its reply stops now, not when the event loop deletes it
    m_services.network->release(segment->manager(), segment->hostKey());
    segment->deleteLater();  // we may be inside one of its signals
    if (m_extraConnections > 0) {
        --m_extraConnections;
        m_services.releaseConnection(m_hostKey);
    }
}

void Download::startOver(const QString &why, StartOverCause cause, bool sendRange)
{
    if (++m_startOvers > kMaxStartOvers) {
        QString message;
        switch (cause) {
        case StartOverCause::FileChanged:
            message = QStringLiteral("The server's file keeps changing; giving up");
            break;
        case StartOverCause::WholeFileInstead:
            message = QStringLiteral("The server keeps sending the whole file instead of the rest (it changes, or "
                                     "ignores ranges); giving up");
            break;
        case StartOverCause::BadContentRange:
            message = QStringLiteral("The server's Content-Range does not fit the request; giving up");
            break;
        case StartOverCause::NotResumable:
            message = QStringLiteral("The connection keeps breaking and the server's response cannot be resumed; "
                                     "giving up");
            break;
        case StartOverCause::RangeRefused:
            message = QStringLiteral("The server refuses the download even without a range; giving up");
            break;
        }
        fail({ TaskError::Code::Protocol, message, why });
        return;
    }
    log(QStringLiteral("Starting over from zero: %1").arg(why));
    ++m_generation;
    stopTransfers();
    m_checkpointTimer.stop();
    m_resume.validators = {};
    m_resume.total = -1;
    m_bytesDone = 0;
    m_speed.restart(0, m_clock.nsecsElapsed());
    m_hasher.reset();
    m_decoder.reset();
    m_watchdogTimer.start();
    startFresh(sendRange);
}

// Every byte the responses promised is on disk. A body whose end no length promised (chunked, or
// ended by a close) is confirmed with the server first, unless a decoder saw its stream end or an
// expected checksum will judge the bytes anyway.
void Download::bodyEnded()
{
    if (m_length.isNeeded(m_decoder != nullptr, m_request.expected.isSet()))
        confirmLength();
    else
        finishBody();
}

void Download::confirmLength()
{
    m_checkpointTimer.stop();
    m_watchdogTimer.stop();
    setState(DownloadState::Verifying, QStringLiteral("Asking the server whether the file is complete"));
    m_length.ask(m_services.network, networkKey(), baseRequest(m_resume.finalUrl), m_resume.total,
                 m_resume.validators.ifRangeValue(), m_resume.validators.canResume(), m_options.stallTimeout);
}

void Download::onLengthDecision(const LengthConfirmation::Decision &decision)
{
    if (isFinalState(m_state))
        return;
    switch (decision.action) {
    case LengthConfirmation::Decision::Action::Accept:
        log(decision.logLine);
        finishBody();
        return;
    case LengthConfirmation::Decision::Action::FetchRest: {
        const qint64 received = m_resume.total;
        log(decision.logLine);
        m_resume.total = decision.total;
        m_resume.ranges = { ResumeState::Range{ 0, decision.total, received } };
        setState(DownloadState::Connecting);
        m_watchdogTimer.start();
        m_checkpointTimer.start();
        startSegment(newSegment(), 0, true, true);
        return;
    }
    case LengthConfirmation::Decision::Action::Fail:
        // Still Verifying: no resume state is written that would call these bytes the whole file.
        fail(decision.error);
        return;
    }
}

void Download::finishBody()
{
    if (m_services.trace) {
        m_verifyStartUs = m_services.trace->nowUs();
        m_services.trace->begin({ m_id, m_hashAlgorithms.isEmpty() ? QStringLiteral("publish") : QStringLiteral("verify and publish"),
                                  QStringLiteral("download %1").arg(m_id), m_verifyStartUs, -1, 0, QString() });
    }
    // Hashing and the sync before the rename need no connection: let the next download have it.
    releaseBaseConnection();
    setState(DownloadState::Verifying);
    m_checkpointTimer.stop();
    m_watchdogTimer.stop();
    if (m_resume.total < 0)
        m_resume.total = m_resume.bytesDone();
    if (const TaskError e = m_files.partial().truncate(m_resume.total); e.isError()) {
        fail(e);
        return;
    }
    if (!m_hasher) {
        publish();
        return;
    }
    feedHasher(-1, {});
    m_hasher->requestResult();
}

void Download::onHashResult(const QList<QByteArray> &digests, const QString &error)
{
    if (m_state != DownloadState::Verifying)
        return;
    if (!error.isEmpty()) {
        fail({ TaskError::Code::FileSystem, QStringLiteral("Could not read the file back to hash it"), error });
        return;
    }
    m_digests.clear();
    for (int i = 0; i < digests.size() && i < m_hashAlgorithms.size(); ++i)
        m_digests.append({ m_hashAlgorithms[i], digests[i].toHex() });

    if (m_request.expected.isSet()) {
        const qsizetype i = m_hashAlgorithms.indexOf(m_request.expected.algorithm);
        if (digests.value(i) != m_request.expected.digest) {
            rejectMismatch(digests.value(i));
            return;
        }
        log(QStringLiteral("%1 verified").arg(hashAlgorithmName(m_request.expected.algorithm).toUpper()));
    }
    publish();
}

// Keeps the bytes for inspection, but never under the final name and never resumable. Runs after any
// checkpoint still queued, so no resume state reappears behind it.
void Download::rejectMismatch(const QByteArray &actual)
{
    m_files.moveAside(m_resume.fileName + QStringLiteral(".ferry-mismatch"),
                      [this, actual](const TaskError &moved, const QString &kept) {
        const QString algorithm = hashAlgorithmName(m_request.expected.algorithm).toUpper();
        const QString message = moved.isError()
                ? QStringLiteral("The file's %1 does not match the expected one").arg(algorithm)
                : QStringLiteral("The file's %1 does not match the expected one; the bytes were kept as %2")
                          .arg(algorithm, kept);
        fail({ TaskError::Code::ChecksumMismatch, message,
               QStringLiteral("expected %1, got %2")
                   .arg(QString::fromLatin1(m_request.expected.digest.toHex()), QString::fromLatin1(actual.toHex())) });
    });
}

// Sync the bytes, then give them their final name (never replacing a file), then drop the resume
// state: a kill at any point leaves either a partial file with its state or a complete final file.
// A download that ran long enough to checkpoint is synced before its rename, so a power cut cannot leave
// its final name over missing blocks; the sync is small next to the download. One that finished before
// its first checkpoint (under a second) is renamed at once unless the user asked for syncs: on this
// kind of machine one fsync cost more than such a whole download, and what it guards against is a
// power cut in the next seconds, not a kill (the page cache survives a kill). Peers never sync.
void Download::publish()
{
    m_files.publish(m_resume.fileName, m_options.syncEveryFile, [this](const TaskError &error, const QString &path) {
        if (isFinalState(m_state))
            return;  // cancelled while the rename was queued: the complete file stays, as the log says
        if (error.isError()) {
            fail(error);
            return;
        }
        m_finalPath = path;
        m_finalName = QFileInfo(path).fileName();
        log(QStringLiteral("Saved as %1").arg(path));
        finish(DownloadState::Succeeded);
    });
}

void Download::fail(const TaskError &error)
{
    if (isFinalState(m_state))
        return;
    ++m_generation;
    stopTransfers();
    if (error.code() != TaskError::Code::ChecksumMismatch)
        checkpoint(true);  // keep what is on disk resumable for a later run
    log(QStringLiteral("Failed: %1").arg(error.toString()));
    finish(DownloadState::Failed, error);
}

void Download::pause()
{
    if (isFinalState(m_state) || m_state == DownloadState::Paused || m_state == DownloadState::Verifying)
        return;
    ++m_generation;
    stopTransfers();
    checkpoint(true);
    setState(DownloadState::Paused);
    log(QStringLiteral("Paused at %1").arg(formatBytes(m_bytesDone)));
    releaseBaseConnection();
}

void Download::cancel(bool keepPartial)
{
    if (isFinalState(m_state))
        return;
    ++m_generation;
    stopTransfers();
    if (keepPartial) {
        checkpoint(true);
    } else {
        m_files.discard();
    }
    log(keepPartial ? QStringLiteral("Cancelled; the partial file is kept for a later resume")
                    : QStringLiteral("Cancelled"));
    finish(DownloadState::Cancelled, { TaskError::Code::Cancelled, QStringLiteral("Cancelled") });
}

void Download::stopTransfers()
{
    m_length.stop();
    m_throttleTimer.stop();
    m_watchdogTimer.stop();
    m_checkpointTimer.stop();
    const std::vector<Segment *> segments = m_segments;
    for (Segment *segment : segments) {
        if (!segment->buffer.isEmpty() && m_files.isOpen()) {
            // Write what already arrived; a failure here only means less to resume from.
            qint64 written = 0;
            m_files.partial().write(segment->bufferOffset, segment->buffer.constData(), segment->buffer.size(), &written);
            ResumeState::Range &range = m_resume.ranges[rangeIndexOf(segment)];
            range.done = segment->bufferOffset + written - range.start;
            segment->buffer.clear();
        }
        releaseSegment(segment);
    }
}

void Download::finish(DownloadState state, const TaskError &error)
{
    if (m_services.trace && m_verifyStartUs >= 0) {
        m_services.trace->record({ m_id, m_hashAlgorithms.isEmpty() ? QStringLiteral("publish")
                                                                    : QStringLiteral("verify and publish"),
                                   QStringLiteral("download %1").arg(m_id), m_verifyStartUs,
                                   m_services.trace->nowUs(), m_resume.total,
                                   error.isError() ? error.message() : QStringLiteral("ok") });
        m_verifyStartUs = -1;
    }
    Q_ASSERT(!m_finishedEmitted);
    if (m_finishedEmitted)
        return;
    m_finishedEmitted = true;
    releaseBaseConnection();
    m_error = error;
    m_finishedAt = QDateTime::currentDateTime();
    setState(state, error.message());
    Q_EMIT finished(m_id);
}

void Download::releaseBaseConnection()
{
    if (!m_holdsBaseConnection)
        return;
    m_holdsBaseConnection = false;
    m_services.releaseConnection(m_hostKey);
}

// ---------------------------------------------------------------------------------------------------
// Bookkeeping

// Sync the partial file, then record what it holds. The state is copied now, before the sync, so it
// never claims bytes the sync did not cover.
void Download::checkpoint(bool force)
{
    if (m_fresh || m_state == DownloadState::Verifying || isFinalState(m_state))
        return;
    m_files.checkpoint(m_resume, force, [this](const TaskError &error) {
        log(QStringLiteral("Checkpoint failed: %1").arg(error.toString()));
    });
}

void Download::watchdog()
{
    const qint64 now = m_clock.nsecsElapsed();
    const std::vector<Segment *> segments = m_segments;
    for (Segment *segment : segments) {
        if (ownsSegment(segment) && segment->isRunning() && m_stall.isSilent(segment->lastByteNs, now))
            segment->abortWith({ Segment::Outcome::Failed, m_stall.silenceError(), true, std::nullopt });
    }
    const qint64 ownLimit = m_ownLimit.isUnlimited() ? 0 : m_ownLimit.rate();
    if (!m_stall.isTooSlow(m_bytesDone, now, m_state == DownloadState::Downloading, ownLimit))
        return;
    for (Segment *segment : segments) {
        if (ownsSegment(segment) && segment->isRunning())
            segment->abortWith({ Segment::Outcome::Failed, m_stall.slownessError(), true, std::nullopt });
    }
}

void Download::setState(DownloadState state, const QString &statusText)
{
    if (m_state == state && m_statusText == statusText)
        return;
    m_state = state;
    m_statusText = statusText;
    Q_EMIT changed(m_id);
}

void Download::log(const QString &line)
{
    const QString stamped = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz ")) + line;
    if (m_log.size() >= kMaxLogLines)
        m_log.removeFirst();
    m_log.append(stamped);
    Q_EMIT logLine(m_id, stamped);
}

// One span per request: which bytes, on which connection, and how it ended.
void Download::traceSegment(Segment *segment, const Segment::Result &result)
{
    if (!m_services.trace || segment->traceStartUs < 0)
        return;
    const qint64 bytes = segment->position - segment->requestedFrom;
    QString outcome = QStringLiteral("ok");
    if (result.outcome == Segment::Outcome::Failed)
        outcome = result.error.message();
    else if (result.outcome == Segment::Outcome::Aborted && (segment->end < 0 || segment->position < segment->end))
        outcome = QStringLiteral("stopped");  // not when we stopped it because its range was complete
    m_services.trace->record({ m_id,
                               QStringLiteral("bytes %1-%2").arg(segment->requestedFrom).arg(segment->position - 1),
                               QStringLiteral("download %1 · connection %2").arg(m_id).arg(segment->lane),
                               segment->traceStartUs, m_services.trace->nowUs(), bytes, outcome });
    segment->traceStartUs = -1;
}

// Whether a segment is still ours: handlers walk a copy of m_segments while retries and steals change it.
bool Download::ownsSegment(const Segment *segment) const
{
    return std::find(m_segments.begin(), m_segments.end(), segment) != m_segments.end();
}

int Download::rangeIndexOf(const Segment *segment) const
{
    for (size_t i = 0; i < m_segments.size(); ++i) {
        if (m_segments[i] == segment)
            return m_segmentRange[i];
    }
    return -1;
}

DownloadSnapshot Download::snapshot()
{
    m_speed.update(m_bytesDone, m_clock.nsecsElapsed(), m_state == DownloadState::Downloading);
    const double speed = m_speed.speed();

    DownloadSnapshot s;
    s.id = m_id;
    s.url = m_request.url;
    s.finalUrl = m_resume.finalUrl;
    s.fileName = !m_finalName.isEmpty() ? m_finalName : m_resume.fileName;
    s.path = !m_finalPath.isEmpty() ? m_finalPath : m_files.isOpen() ? m_files.partialPath() : QString();
    s.state = m_state;
    s.statusText = m_statusText;
    if (m_state == DownloadState::Retrying)
        s.retryAt = m_retryAt;
    s.bytesDone = m_bytesDone;
    s.bytesTotal = m_resume.total;
    s.speed = speed;
    s.etaSeconds = (speed > 1 && m_resume.total >= 0) ? qint64(double(m_resume.total - m_bytesDone) / speed) : -1;
    s.connections = int(std::count_if(m_segments.begin(), m_segments.end(),
                                      [](const Segment *seg) { return seg->isRunning(); }));
    s.digests = m_digests;
    s.error = m_error;
    s.started = m_started;
    s.finished = m_finishedAt;
    return s;
}

DownloadDetails Download::details() const
{
    DownloadDetails d;
    d.server = m_server;
    d.etag = m_resume.validators.etag;
    d.lastModified = m_resume.validators.lastModified;
    d.total = m_resume.total;
    for (int i = 0; i < m_resume.ranges.size(); ++i) {
        const ResumeState::Range &r = m_resume.ranges[i];
        const auto owner = std::find(m_segmentRange.begin(), m_segmentRange.end(), i);
        const bool active = owner != m_segmentRange.end() && m_segments[size_t(owner - m_segmentRange.begin())]->isRunning();
        d.ranges.append({ r.start, r.end, r.done, active });
    }
    std::sort(d.ranges.begin(), d.ranges.end(),
              [](const DownloadDetails::Range &a, const DownloadDetails::Range &b) { return a.start < b.start; });
    return d;
}

} // namespace Ferry
