#include "engine/taskpersistence.h"

#include "store/taskstore.h"

namespace Ferry {

TaskPersistence::TaskPersistence(Lookup lookup, QObject *parent)
    : QObject(parent), m_lookup(std::move(lookup))
{
    m_checkpointTimer.setParent(this);
    m_checkpointTimer.setSingleShot(true);
    connect(&m_checkpointTimer, &QTimer::timeout, this, &TaskPersistence::checkpoint);
}

TaskPersistence::~TaskPersistence() = default;

TaskError TaskPersistence::open(const QString &path)
{
    auto store = std::make_unique<TaskStore>();
    if (TaskError error = store->open(path); error.isError())
        return error;
    m_store = std::move(store);
    return {};
}

TaskError TaskPersistence::recovery() const
{
    return m_store ? m_store->recovery() : TaskError();
}

std::optional<QList<StoredTask>> TaskPersistence::loadAll()
{
    if (!m_store)
        return QList<StoredTask>();
    TaskError error;
    QList<StoredTask> rows = m_store->loadAll(&error);
    if (error.isError()) {
        report(error);
        return std::nullopt;
    }
    return rows;
}

void TaskPersistence::insert(const QList<TaskId> &ids)
{
    if (!m_store)
        return;
    QList<StoredTask> rows;
    rows.reserve(ids.size());
    for (TaskId id : ids) {
        if (const TaskRecord *t = m_lookup(id))
            rows.append(t->toStored());
    }
    report(m_store->insert(rows));
}

void TaskPersistence::update(TaskId id)
{
    const TaskRecord *t = m_lookup(id);
    if (m_store && t)
        report(m_store->update(t->toStored()));
}

void TaskPersistence::remove(const QList<TaskId> &ids)
{
    for (TaskId id : ids)
        m_dirty.remove(id);
    if (m_store)
        report(m_store->remove(ids));
}

void TaskPersistence::markDirty(TaskId id)
{
    m_dirty.insert(id);
    if (m_store && !m_checkpointTimer.isActive())
        m_checkpointTimer.start(CheckpointIntervalMs);
}

void TaskPersistence::commitSoon()
{
    if (m_store && m_checkpointTimer.remainingTime() > FinishCommitDelayMs)
        m_checkpointTimer.start(FinishCommitDelayMs);
}

void TaskPersistence::checkpoint()
{
    if (!m_store || m_dirty.isEmpty())
        return;
    QList<StoredTask> rows;
    rows.reserve(m_dirty.size());
    for (TaskId id : std::as_const(m_dirty)) {
        if (const TaskRecord *t = m_lookup(id))
            rows.append(t->toStored());
    }
    m_dirty.clear();
    report(m_store->saveProgress(rows));
}

void TaskPersistence::report(const TaskError &error)
{
    if (error.isError())
        Q_EMIT storeError(error);
}

} // namespace Ferry
