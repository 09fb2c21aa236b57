#include "trace.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>

#include <algorithm>

namespace Ferry {

Trace::Trace(qsizetype maxFinished) : m_maxFinished(std::max<qsizetype>(1, maxFinished))
{
    m_clock.start();
}

void Trace::begin(const TraceSpan &span)
{
    const QMutexLocker lock(&m_mutex);
    m_open.append(span);
    ++m_openGeneration;
}

void Trace::record(const TraceSpan &span)
{
    const QMutexLocker lock(&m_mutex);
    m_spans.append(span);
    if (m_spans.size() > m_maxFinished) {
        m_spans.removeFirst();  // O(1) in Qt 6: the list's start moves
        ++m_dropped;
    }
    const auto open = std::find_if(m_open.cbegin(), m_open.cend(), [&span](const TraceSpan &o) {
        return o.taskId == span.taskId && o.startUs == span.startUs && o.lane == span.lane;
    });
    if (open != m_open.cend()) {
        m_open.erase(open);
        ++m_openGeneration;
    }
}

Trace::Slice Trace::since(qsizetype from) const
{
    const QMutexLocker lock(&m_mutex);
    Slice slice;
    // A reader behind the oldest kept span gets what is left.
    const qsizetype kept = std::clamp<qsizetype>(from - m_dropped, 0, m_spans.size());
    slice.finished = m_spans.mid(kept);
    slice.open = m_open;
    slice.next = m_dropped + m_spans.size();
    slice.openGeneration = m_openGeneration;
    return slice;
}

QList<TraceSpan> Trace::spans() const
{
    const QMutexLocker lock(&m_mutex);
    return m_spans;
}

qint64 Trace::droppedCount() const
{
    const QMutexLocker lock(&m_mutex);
    return m_dropped;
}

QByteArray Trace::toChromeJson() const
{
    QList<TraceSpan> all;
    qint64 dropped = 0;
    {
        const QMutexLocker lock(&m_mutex);
        all = m_spans;
        dropped = m_dropped;
    }
    QHash<QString, int> laneIds;
    QJsonArray events;
    for (const TraceSpan &span : all) {
        auto lane = laneIds.find(span.lane);
        if (lane == laneIds.end()) {
            lane = laneIds.insert(span.lane, int(laneIds.size()) + 1);
            // Metadata event: the viewer shows the lane's name instead of a number.
            events.append(QJsonObject{ { QStringLiteral("ph"), QStringLiteral("M") },
                                       { QStringLiteral("name"), QStringLiteral("thread_name") },
                                       { QStringLiteral("pid"), 1 },
                                       { QStringLiteral("tid"), lane.value() },
                                       { QStringLiteral("args"), QJsonObject{ { QStringLiteral("name"), span.lane } } } });
        }
        events.append(QJsonObject{
                { QStringLiteral("ph"), QStringLiteral("X") },
                { QStringLiteral("name"), span.name },
                { QStringLiteral("cat"), QStringLiteral("task %1").arg(span.taskId) },
                { QStringLiteral("pid"), 1 },
                { QStringLiteral("tid"), lane.value() },
                { QStringLiteral("ts"), double(span.startUs) },
                { QStringLiteral("dur"), double(std::max<qint64>(0, span.endUs - span.startUs)) },
                { QStringLiteral("args"), QJsonObject{ { QStringLiteral("task"), double(span.taskId) },
                                                       { QStringLiteral("bytes"), double(span.bytes) },
                                                       { QStringLiteral("outcome"), span.outcome } } } });
    }
    if (dropped > 0 && !all.isEmpty()) {
        // A global instant event where the kept spans begin, so a viewer shows the gap is not idle time.
        const qint64 firstStart = std::min_element(all.cbegin(), all.cend(), [](const TraceSpan &a, const TraceSpan &b) {
                                      return a.startUs < b.startUs;
                                  })->startUs;
        events.append(QJsonObject{ { QStringLiteral("ph"), QStringLiteral("i") },
                                   { QStringLiteral("s"), QStringLiteral("g") },
                                   { QStringLiteral("name"), QStringLiteral("%1 older spans dropped").arg(dropped) },
                                   { QStringLiteral("pid"), 1 },
                                   { QStringLiteral("tid"), 0 },
                                   { QStringLiteral("ts"), double(firstStart) } });
    }
    return QJsonDocument(QJsonObject{ { QStringLiteral("traceEvents"), events },
                                      { QStringLiteral("displayTimeUnit"), QStringLiteral("ms") },
                                      { QStringLiteral("otherData"),
                                        QJsonObject{ { QStringLiteral("droppedSpans"), double(dropped) } } } })
            .toJson(QJsonDocument::Compact);
}

} // namespace Ferry
