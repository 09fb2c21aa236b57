#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace Ferry {

// Where a task is in its life. Succeeded is final; Failed and Cancelled can be retried.
enum class TaskState { Queued, Waiting, Running, Paused, Succeeded, Failed, Cancelled };

// Why a Waiting task is not running yet. None for every other state.
enum class WaitReason {
    None,
    Dependencies,  // a task it depends on has not succeeded yet
    Slot,          // every concurrent-task slot is taken
    HostCap,       // the per-host connection limit is reached
    RetryAt,       // backing off until TaskStatus::retryAt
};

// A state with the facts that belong to it: the wait reason, the retry time, a line of detail
// ("slot 3 of 3 busy", "after server 503"). Build it with the factories so the pieces agree.
struct TaskStatus
{
    TaskState state = TaskState::Queued;
    WaitReason reason = WaitReason::None;
    QDateTime retryAt;  // only with WaitReason::RetryAt
    QString detail;

    static TaskStatus of(TaskState state, QString detail = {});
    static TaskStatus waiting(WaitReason reason, QString detail = {});
    static TaskStatus retryingAt(QDateTime when, QString detail = {});

    // Waiting has a reason (and RetryAt a valid time); every other state has neither.
    bool isValid() const;

    friend bool operator==(const TaskStatus &a, const TaskStatus &b)
    {
        return a.state == b.state && a.reason == b.reason && a.retryAt == b.retryAt
            && a.detail == b.detail;
    }
    friend bool operator!=(const TaskStatus &a, const TaskStatus &b) { return !(a == b); }
};

// The one place transitions are judged. The table (rows: from, columns: allowed to):
//
//   Queued    -> Waiting, Running, Paused, Cancelled, Failed
//                (Failed: refused at admission, or blocked by a dependency that failed before the
//                scheduler looked at the task)
//   Waiting   -> Waiting (the reason changes: dependencies done, now waiting for a slot),
//                Running, Paused, Cancelled, Failed (blocked by a failed dependency)
//   Running   -> Succeeded, Failed, Cancelled, Paused,
//                Waiting (a transient error: back off until RetryAt, or the slot was taken back)
//   Paused    -> Queued (resume: the scheduler decides again), Cancelled
//   Succeeded -> nothing. Final, so a dependent never sees a success taken back; "run again"
//                makes a new task with its own id and history.
//   Failed    -> Queued (retry)
//   Cancelled -> Queued (retry)
//
// Any other pair, including X -> X for every state but Waiting, is a bug in the caller.
bool isValidTransition(TaskState from, TaskState to);

// Succeeded, Failed and Cancelled: nothing runs until someone acts.
bool isFinished(TaskState state);

// Stable lower-case names for logs and JSON ("queued", "host-cap", "retry-at").
QString stateName(TaskState state);
QString waitReasonName(WaitReason reason);

// Short English text for display: "Queued", "Waiting for a free slot", "Retrying at 14:03:05".
QString stateDisplayName(TaskState state);
QString displayText(const TaskStatus &status);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::TaskState)
Q_DECLARE_METATYPE(Ferry::WaitReason)
Q_DECLARE_METATYPE(Ferry::TaskStatus)
