#pragma once

#include "engine/tracefeed.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <algorithm>

namespace Ferry {

// The spans the timeline shows, sorted into lanes: worker lanes first (by number), then the lanes of
// downloads (connections, verify and publish) grouped by task. Fed by the engine's TraceUpdates; keeps
// its own clock between updates so running spans keep growing. No widgets: tests drive it directly.
//
// A long session keeps the most recent maxFinished() finished spans: once an eighth more have come, the
// oldest are dropped in one pass (indexes renumbered, lanes left empty removed) and counted in
// droppedSpans(). Running spans are always kept.
class TimelineModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineModel)

public:
    struct Lane
    {
        QString name;
        QList<int> spans;     // finished ones: indexes into spans(), by start time
        QList<int> running;   // running ones: a few at most
        qint64 longestUs = 0; // of the finished ones: bounds the search for spans overlapping a time
        int worker = 0;       // "worker <n>": n; 0 for other lanes
        TaskId task = 0;      // other lanes: the task whose span opened the lane
    };

    static constexpr int defaultMaxFinished = 200'000;

    explicit TimelineModel(QObject *parent = nullptr);
    ~TimelineModel() override;

    // Takes effect with the next update.
    void setMaxFinished(int maxFinished) { m_maxFinished = std::max(1, maxFinished); }
    int maxFinished() const { return m_maxFinished; }
    qint64 droppedSpans() const { return m_dropped; }
    int finishedCount() const { return int(m_runningFrom); }

    // Finished spans first (in arrival order), then the running ones.
    const QList<TaskTraceSpan> &spans() const { return m_spans; }
    const QList<Lane> &lanes() const { return m_lanes; }
    const TaskTraceSpan &span(int index) const { return m_spans.at(index); }
    int laneOf(int spanIndex) const { return m_laneOf.at(spanIndex); }
    bool hasRunning() const { return m_runningFrom < m_spans.size(); }
    bool isEmpty() const { return m_spans.isEmpty(); }

    // The trace clock: the last update's time plus what has passed since it arrived.
    qint64 nowUs() const;
    // Where a span ends on screen: a running one ends now.
    qint64 endOf(const TaskTraceSpan &span) const { return span.isRunning() ? std::max(span.startUs, nowUs()) : span.endUs; }

    // The span of lane under timeUs, within toleranceUs of its edges (thin bars stay clickable); the
    // shortest wins where spans overlap. -1: none.
    int spanAt(int lane, qint64 timeUs, qint64 toleranceUs = 0) const;
    // Spans of lane that overlap [fromUs, toUs), by start time.
    QList<int> spansBetween(int lane, qint64 fromUs, qint64 toUs) const;

    // Every span in lane order, running ones ending now: what an export writes.
    QList<TaskTraceSpan> spansByLane() const;

public Q_SLOTS:
    void apply(const Ferry::TraceUpdate &update);
    void clear();

Q_SIGNALS:
    void changed();

private:
    int laneIndex(const TaskTraceSpan &span);
    void dropOldest();

    QList<TaskTraceSpan> m_spans;
    qsizetype m_runningFrom = 0;  // m_spans[m_runningFrom...] are running
    QList<Lane> m_lanes;
    QList<int> m_laneOf;
    QHash<QString, int> m_laneByName;
    int m_maxFinished = defaultMaxFinished;
    qint64 m_dropped = 0;
    qint64 m_anchorUs = 0;
    QElapsedTimer m_sinceAnchor;
};

} // namespace Ferry
