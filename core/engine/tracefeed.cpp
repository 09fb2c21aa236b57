#include "engine/tracefeed.h"

#include "engine/trace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

void TraceFeed::noteDownload(DownloadId download, TaskId task)
{
    m_downloads.insert(download, task);
    m_retired.removeAll(download);
}

void TraceFeed::retireDownload(DownloadId download)
{
    m_retired.append(download);
}

std::optional<TraceUpdate> TraceFeed::take(const Trace &trace, const Lookup &lookup)
{
    Trace::Slice slice = trace.since(m_next);
    m_next = slice.next;
    const bool openChanged = slice.openGeneration != m_openGeneration;
    m_openGeneration = slice.openGeneration;

    // Downloads record under their own id, on lanes "download <id>" and "download <id> · connection <n>";
    // the engine's workers record under the task's id on lanes "worker <n>".
    const auto translate = [this, &lookup](const TraceSpan &span, QList<TaskTraceSpan> &into, bool running) {
        TaskId task = span.taskId;
        QString lane = span.lane;
        const QString downloadLane = u"download %1"_s.arg(span.taskId);
        if (lane.startsWith(u"download "_s)) {
            task = m_downloads.value(span.taskId);
            if (lane.startsWith(downloadLane))
                lane = u"task %1"_s.arg(task) + lane.mid(downloadLane.size());
        }
        const std::optional<TaskInfo> info = task != 0 ? lookup(task) : std::nullopt;
        if (!info)
            return;  // a task removed since: nothing to select, nothing to show
        into.append({ task, info->kind, info->title, span.name, lane, span.startUs, running ? -1 : span.endUs,
                      span.bytes, span.outcome });
    };

    TraceUpdate update;
    update.nowUs = trace.nowUs();
    for (const TraceSpan &span : std::as_const(slice.finished))
        translate(span, update.finished, false);
    for (const TraceSpan &span : std::as_const(slice.open))
        translate(span, update.running, true);
    for (DownloadId download : std::exchange(m_retired, {}))
        m_downloads.remove(download);
    if (update.finished.isEmpty() && !openChanged)
        return std::nullopt;
    return update;
}

QByteArray taskTraceToChromeJson(const QList<TaskTraceSpan> &spans, qint64 nowUs, qint64 droppedSpans)
{
    QHash<QString, int> laneIds;
    QJsonArray events;
    events.append(QJsonObject{ { u"ph"_s, u"M"_s }, { u"name"_s, u"process_name"_s }, { u"pid"_s, 1 },
                               { u"args"_s, QJsonObject{ { u"name"_s, u"Ferry"_s } } } });
    for (const TaskTraceSpan &span : spans) {
        auto lane = laneIds.find(span.lane);
        if (lane == laneIds.end()) {
            lane = laneIds.insert(span.lane, int(laneIds.size()) + 1);
            // The viewer shows the lane's name instead of a number, and keeps our order of lanes.
            events.append(QJsonObject{ { u"ph"_s, u"M"_s }, { u"name"_s, u"thread_name"_s }, { u"pid"_s, 1 },
                                       { u"tid"_s, lane.value() }, { u"args"_s, QJsonObject{ { u"name"_s, span.lane } } } });
            events.append(QJsonObject{ { u"ph"_s, u"M"_s }, { u"name"_s, u"thread_sort_index"_s }, { u"pid"_s, 1 },
                                       { u"tid"_s, lane.value() }, { u"args"_s, QJsonObject{ { u"sort_index"_s, lane.value() } } } });
        }
        const qint64 end = span.isRunning() ? nowUs : span.endUs;
        events.append(QJsonObject{
                { u"ph"_s, u"X"_s },
                { u"name"_s, span.name },
                { u"cat"_s, taskKindName(span.kind) },
                { u"pid"_s, 1 },
                { u"tid"_s, lane.value() },
                { u"ts"_s, double(span.startUs) },
                { u"dur"_s, double(std::max<qint64>(0, end - span.startUs)) },
                { u"args"_s, QJsonObject{ { u"task"_s, double(span.task) },
                                          { u"title"_s, span.title },
                                          { u"step"_s, taskKindName(span.kind) },
                                          { u"bytes"_s, double(span.bytes) },
                                          { u"outcome"_s, span.isRunning() ? u"running"_s : span.outcome } } } });
    }
    if (droppedSpans > 0 && !spans.isEmpty()) {
        // A global instant event where the kept spans begin, so a viewer shows the gap is not idle time.
        const qint64 firstStart = std::min_element(spans.cbegin(), spans.cend(), [](const TaskTraceSpan &a, const TaskTraceSpan &b) {
                                      return a.startUs < b.startUs;
                                  })->startUs;
        events.append(QJsonObject{ { u"ph"_s, u"i"_s }, { u"s"_s, u"g"_s },
                                   { u"name"_s, u"%1 older spans dropped"_s.arg(droppedSpans) },
                                   { u"pid"_s, 1 }, { u"tid"_s, 0 }, { u"ts"_s, double(firstStart) } });
    }
    return QJsonDocument(QJsonObject{ { u"traceEvents"_s, events }, { u"displayTimeUnit"_s, u"ms"_s },
                                      { u"otherData"_s, QJsonObject{ { u"droppedSpans"_s, double(droppedSpans) } } } })
            .toJson(QJsonDocument::Compact);
}

} // namespace Ferry
