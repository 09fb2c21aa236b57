#pragma once

#include "engine/taskspec.h"
#include "net/downloadtypes.h"
#include "store/storedtask.h"
#include "task/taskerror.h"
#include "task/taskstate.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Ferry {

// What the store keeps of a task: its step, state, times, progress, outputs and last log lines,
// and how that maps to a StoredTask row and back. The engine's live task adds its run-time
// bookkeeping (slots, jobs, speed) on top of it.
struct TaskRecord
{
    // How many log lines the store keeps per task (the engine keeps more in memory).
    static constexpr int StoredLogLines = 50;

    TaskId id = 0;
    // The step, refs resolved to ids. A finished task loaded from the store keeps its pipeline as
    // JSON (specJson) until something needs more than its columns (specFromColumns) give: spec()
    // parses it then. A start shows history it never opens: 10,000 specs need not be parsed.
    const TaskSpec &spec() const { parseSpec(); return m_spec; }
    TaskSpec &spec() { parseSpec(); return m_spec; }
    // Without parsing: only kind, priority, dependsOn, download.url and download.directory are sure
    // to be set (what a snapshot and the dependency graph read).
    const TaskSpec &specFromColumns() const { return m_spec; }
    void parseSpec() const;
    mutable TaskSpec m_spec;
    mutable QByteArray specJson;  // not null: m_spec holds only what specFromColumns() promises
    QString title;
    TaskStatus status;
    TaskError error;
    QDateTime added;
    QDateTime started;
    QDateTime finished;

    QString input;
    QString output;
    DigestMap digests;
    bool skipped = false;
    QUrl finalUrl;
    qint64 done = 0;
    qint64 total = -1;
    QStringList log;

    // The row the store keeps: the pipeline as JSON (an unparsed one as it was loaded), the
    // outputs, digests and last StoredLogLines log lines as resume JSON, the error as JSON.
    StoredTask toStored() const;
    // A row read back. History (a finished task) keeps its pipeline unparsed. A pipeline Ferry
    // cannot read makes the task Failed with an InvalidInput error. The status is the row's state
    // with its detail (Waiting comes back Queued); the caller decides what an unfinished one becomes.
    static TaskRecord fromStored(const StoredTask &row);
    // The row's state; Failed for a number no TaskState has.
    static TaskState storedState(const StoredTask &row);
};

} // namespace Ferry
