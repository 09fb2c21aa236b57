#include "taskstate.h"

using namespace Qt::StringLiterals;

namespace Ferry {

TaskStatus TaskStatus::of(TaskState state, QString detail)
{
    TaskStatus status;
    status.state = state;
    status.detail = std::move(detail);
    return status;
}

TaskStatus TaskStatus::waiting(WaitReason reason, QString detail)
{
    TaskStatus status;
    status.state = TaskState::Waiting;
    status.reason = reason;
    status.detail = std::move(detail);
    return status;
}

TaskStatus TaskStatus::retryingAt(QDateTime when, QString detail)
{
    TaskStatus status = waiting(WaitReason::RetryAt, std::move(detail));
    status.retryAt = std::move(when);
    return status;
}

bool TaskStatus::isValid() const
{
    if (state != TaskState::Waiting)
        return reason == WaitReason::None && !retryAt.isValid();
    if (reason == WaitReason::None)
        return false;
    return reason == WaitReason::RetryAt ? retryAt.isValid() : !retryAt.isValid();
}

bool isValidTransition(TaskState from, TaskState to)
{
    using S = TaskState;
    switch (from) {
    case S::Queued:
        return to == S::Waiting || to == S::Running || to == S::Paused || to == S::Cancelled
            || to == S::Failed;
    case S::Waiting:
        return to == S::Waiting || to == S::Running || to == S::Paused || to == S::Cancelled
            || to == S::Failed;
    case S::Running:
        return to == S::Succeeded || to == S::Failed || to == S::Cancelled || to == S::Paused
            || to == S::Waiting;
    case S::Paused:
        return to == S::Queued || to == S::Cancelled;
    case S::Succeeded:
        return false;
    case S::Failed:
    case S::Cancelled:
        return to == S::Queued;
    }
    return false;
}

bool isFinished(TaskState state)
{
    return state == TaskState::Succeeded || state == TaskState::Failed
        || state == TaskState::Cancelled;
}

QString stateName(TaskState state)
{
    switch (state) {
    case TaskState::Queued: return QStringLiteral("queued");
    case TaskState::Waiting: return QStringLiteral("waiting");
    case TaskState::Running: return QStringLiteral("running");
    case TaskState::Paused: return QStringLiteral("paused");
    case TaskState::Succeeded: return QStringLiteral("succeeded");
    case TaskState::Failed: return QStringLiteral("failed");
    case TaskState::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("unknown");
}

QString waitReasonName(WaitReason reason)
{
    switch (reason) {
    case WaitReason::None: return QStringLiteral("none");
    case WaitReason::Dependencies: return QStringLiteral("dependencies");
    case WaitReason::Slot: return QStringLiteral("slot");
    case WaitReason::HostCap: return QStringLiteral("host-cap");
    case WaitReason::RetryAt: return QStringLiteral("retry-at");
    }
    return QStringLiteral("unknown");
}

QString stateDisplayName(TaskState state)
{
    switch (state) {
    case TaskState::Queued: return QStringLiteral("Queued");
    case TaskState::Waiting: return QStringLiteral("Waiting");
    case TaskState::Running: return QStringLiteral("Running");
    case TaskState::Paused: return QStringLiteral("Paused");
    case TaskState::Succeeded: return QStringLiteral("Done");
    case TaskState::Failed: return QStringLiteral("Failed");
    case TaskState::Cancelled: return QStringLiteral("Cancelled");
    }
    return QStringLiteral("Unknown");
}

QString displayText(const TaskStatus &status)
{
    if (status.state != TaskState::Waiting)
        return stateDisplayName(status.state);
    switch (status.reason) {
    case WaitReason::Dependencies: return QStringLiteral("Waiting for other tasks");
    case WaitReason::Slot: return QStringLiteral("Waiting for a free slot");
    case WaitReason::HostCap: return QStringLiteral("Waiting for the server");
    case WaitReason::RetryAt:
        if (status.retryAt.isValid())
            return u"Retrying at "_s + status.retryAt.toLocalTime().toString(u"HH:mm:ss");
        return QStringLiteral("Retrying");
    case WaitReason::None: break;
    }
    return stateDisplayName(status.state);
}

} // namespace Ferry
