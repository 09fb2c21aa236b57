#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMutex>
#include <QString>

namespace Ferry {

// One stretch of work: a connection fetching a range, a hash, an extraction. Times are microseconds
// since the trace began.
struct TraceSpan
{
    quint64 taskId = 0;
    QString name;     // "bytes 0-1048575", "sha256", "extract"
    QString lane;     // where it ran: "download 3 · connection 2", "worker 1"
    qint64 startUs = 0;
    qint64 endUs = 0;
    qint64 bytes = 0;
    QString outcome;  // "ok", "cut", "stalled", "failed: ...", "cancelled"
};

// What ran when, for a whole session: every span is recorded by whoever did the work (any thread) and
// can be exported as Chrome Trace Event JSON, which Perfetto and chrome://tracing open. A long session
// keeps only the most recent maxFinished finished spans (the oldest are dropped and counted); spans
// still open are always kept.
class Trace
{
public:
    static constexpr qsizetype defaultMaxFinished = 200'000;  // ~200 bytes each: some 40 MB at most

    explicit Trace(qsizetype maxFinished = defaultMaxFinished);

    // What a reader has not seen yet: the spans recorded from its place on, every span still open, and
    // its next place. openGeneration changes whenever a span opens or closes. Places count every span
    // ever recorded, so they stay valid when the oldest are dropped.
    struct Slice
    {
        QList<TraceSpan> finished;
        QList<TraceSpan> open;
        qsizetype next = 0;
        quint64 openGeneration = 0;
    };

    qint64 nowUs() const { return m_clock.nsecsElapsed() / 1000; }
    // Work that has started: a live view shows it growing until record() closes it (the span with the
    // same task, lane and start). endUs is ignored. Thread-safe.
    void begin(const TraceSpan &span);
    void record(const TraceSpan &span);  // thread-safe
    QList<TraceSpan> spans() const;      // finished ones still kept, oldest first
    Slice since(qsizetype from) const;
    qint64 droppedCount() const;         // finished spans dropped to stay within maxFinished

    // {"traceEvents":[...]} with one complete ("X") event per span, lanes as named threads, and
    // "otherData": {"droppedSpans": n} (plus an instant event saying so when n > 0).
    QByteArray toChromeJson() const;

private:
    QElapsedTimer m_clock;
    mutable QMutex m_mutex;
    QList<TraceSpan> m_spans;
    const qsizetype m_maxFinished;
    qsizetype m_dropped = 0;  // spans recorded before m_spans.first()
    QList<TraceSpan> m_open;  // a handful: one per busy connection and worker
    quint64 m_openGeneration = 0;
};

} // namespace Ferry
