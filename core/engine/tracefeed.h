#pragma once

#include "engine/taskspec.h"
#include "net/downloadtypes.h"
#include "task/taskgraph.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

#include <functional>
#include <optional>

namespace Ferry {

class Trace;

// A trace span as the GUI sees it: on whose behalf it ran (a task, never a download id), what kind of
// step that task is, and where it ran ("worker 2", "task 7 · connection 3").
struct TaskTraceSpan
{
    TaskId task = 0;
    TaskKind kind = TaskKind::Noop;
    QString title;    // the task's title when the span was sent
    QString name;     // "bytes 0-1048575", "verify and publish", the step's title
    QString lane;
    qint64 startUs = 0;  // microseconds since the trace began
    qint64 endUs = -1;   // -1: still running
    qint64 bytes = 0;
    QString outcome;     // "ok", "stopped", an error message; empty while running

    bool isRunning() const { return endUs < 0; }
};

// What changed in the trace since the last update: spans that ended, and every span still running
// (the whole set: it replaces the last one). nowUs is the trace's clock when this was made, so a view
// can keep running bars growing between updates.
struct TraceUpdate
{
    QList<TaskTraceSpan> finished;
    QList<TaskTraceSpan> running;
    qint64 nowUs = 0;
};

// Turns the engine's Trace into TraceUpdates, once per engine flush: it keeps its place in the trace,
// so each span crosses to the GUI once, and maps the spans downloads record (keyed by download id, on
// lanes named after the download) to the tasks they ran for.
class TraceFeed
{
public:
    struct TaskInfo
    {
        TaskKind kind = TaskKind::Noop;
        QString title;
    };
    using Lookup = std::function<std::optional<TaskInfo>(TaskId)>;

    void noteDownload(DownloadId download, TaskId task);
    // The download has recorded its last span: forget it once the next update has carried that span.
    void retireDownload(DownloadId download);
    // Nothing when no span ended and the running set did not change.
    std::optional<TraceUpdate> take(const Trace &trace, const Lookup &lookup);

private:
    qsizetype m_next = 0;
    quint64 m_openGeneration = 0;
    QHash<DownloadId, TaskId> m_downloads;
    QList<DownloadId> m_retired;
};

// Chrome Trace Event JSON (Perfetto, chrome://tracing): one complete ("X") event per span, one thread
// per lane in the order lanes first appear in spans, named by "thread_name" metadata. A running span
// ends at nowUs with the outcome "running". "otherData": {"droppedSpans": n} says how many older spans
// were dropped before these (TimelineModel keeps a bounded number), with an instant event when n > 0.
QByteArray taskTraceToChromeJson(const QList<TaskTraceSpan> &spans, qint64 nowUs, qint64 droppedSpans = 0);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::TaskTraceSpan)
Q_DECLARE_METATYPE(Ferry::TraceUpdate)
