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
// can be exported as Chrome Trace Event JSON, which Perfetto and chrome://tracing open.
class Trace
{
public:
    Trace();

    // What a reader has not seen yet: the spans recorded from its place on, every span still open, and
    // its next place. openGeneration changes whenever a span opens or closes.
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
    QList<TraceSpan> spans() const;      // finished ones
    Slice since(qsizetype from) const;

    // {"traceEvents":[...]} with one complete ("X") event per span, lanes as named threads.
    QByteArray toChromeJson() const;

private:
    QElapsedTimer m_clock;
    mutable QMutex m_mutex;
    QList<TraceSpan> m_spans;
    QList<TraceSpan> m_open;  // a handful: one per busy connection and worker
    quint64 m_openGeneration = 0;
};

} // namespace Ferry
