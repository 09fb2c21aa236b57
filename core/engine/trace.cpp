#include "trace.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>

#include <algorithm>

namespace Ferry {

Trace::Trace()
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
    from = std::clamp<qsizetype>(from, 0, m_spans.size());
    slice.finished = m_spans.mid(from);
    slice.open = m_open;
    slice.next = m_spans.size();
    slice.openGeneration = m_openGeneration;
    return slice;
}

QList<TraceSpan> Trace::spans() const
{
    const QMutexLocker lock(&m_mutex);
    return m_spans;
}

QByteArray Trace::toChromeJson() const
{
    const QList<TraceSpan> all = spans();
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
    return QJsonDocument(QJsonObject{ { QStringLiteral("traceEvents"), events },
                                      { QStringLiteral("displayTimeUnit"), QStringLiteral("ms") } })
            .toJson(QJsonDocument::Compact);
}

} // namespace Ferry
