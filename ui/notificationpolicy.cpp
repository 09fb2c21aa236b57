#include "notificationpolicy.h"

#include "notifier.h"
#include "tasktablemodel.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Notifications whose buttons are remembered; older ones (the server may never say they closed)
// are forgotten first.
constexpr int maxTargets = 64;

// Steps whose output is what the user came for: the file, the decompressed file, the extracted
// folder. Thumbnails, digests, lists and commands only add to it.
bool producesResult(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Download:
    case TaskKind::Verify:
    case TaskKind::Decompress:
    case TaskKind::Extract:
        return true;
    default:
        return false;
    }
}

} // namespace

NotificationPolicy::NotificationPolicy(Notifier *notifier, const TaskTableModel *model, WindowActive windowActive,
                                       QObject *parent)
    : QObject(parent), m_notifier(notifier), m_model(model), m_windowActive(std::move(windowActive))
{
    Q_ASSERT(notifier && model);
    connect(m_notifier, &Notifier::actionInvoked, this, &NotificationPolicy::onAction);
    connect(m_notifier, &Notifier::closed, this, [this](quint32 id) { m_targets.remove(id); });
}

NotificationPolicy::~NotificationPolicy() = default;

NotificationPolicy::BatchSummary NotificationPolicy::summarize(QList<TaskSnapshot> tasks)
{
    // A batch names only earlier entries as dependencies, so in id order every step comes after
    // the task it depends on and joins that task's item.
    std::sort(tasks.begin(), tasks.end(), [](const TaskSnapshot &a, const TaskSnapshot &b) { return a.id < b.id; });
    struct Item
    {
        const TaskSnapshot *root = nullptr;
        TaskId failedId = 0;
        bool cancelled = false;
        QString result;
    };
    QList<Item> items;
    QHash<TaskId, qsizetype> itemOf;
    for (const TaskSnapshot &task : std::as_const(tasks)) {
        qsizetype item = -1;
        for (TaskId dependency : task.dependsOn) {
            if (const auto it = itemOf.constFind(dependency); it != itemOf.cend()) {
                item = *it;
                break;
            }
        }
        if (item < 0) {
            item = items.size();
            items.append(Item{&task, 0, false, {}});
        }
        itemOf.insert(task.id, item);
        Item &entry = items[item];
        if (task.status.state == TaskState::Failed && entry.failedId == 0)
            entry.failedId = task.id;
        else if (task.status.state == TaskState::Cancelled)
            entry.cancelled = true;
        else if (task.status.state == TaskState::Succeeded && producesResult(task.kind) && !task.outputPath.isEmpty())
            entry.result = task.outputPath;
    }

    BatchSummary summary;
    QStringList results;
    for (const Item &item : std::as_const(items)) {
        summary.allDownloads = summary.allDownloads && item.root->kind == TaskKind::Download;
        if (item.failedId != 0) {
            ++summary.failed;
            if (summary.showId == 0)
                summary.showId = item.failedId;
        } else if (item.cancelled) {
            ++summary.cancelled;
        } else {
            ++summary.succeeded;
            summary.names.append(displayName(*item.root));
            results.append(item.result);
        }
    }
    if (summary.showId == 0 && !items.isEmpty())
        summary.showId = items.first().root->id;
    if (results.size() == 1) {
        summary.result = results.first();
    } else if (!results.isEmpty() && !results.contains(QString())) {
        // Several results open as the folder they share, if they share one (string work, no disk).
        const QString folder = QFileInfo(results.first()).path();
        const bool shared = std::all_of(results.cbegin(), results.cend(),
                                        [&folder](const QString &path) { return QFileInfo(path).path() == folder; });
        if (shared) {
            summary.result = folder;
            summary.resultIsFolder = true;
        }
    }
    return summary;
}

void NotificationPolicy::watchBatch(const QList<TaskId> &ids)
{
    if (ids.isEmpty())
        return;
    const int batch = m_nextBatch++;
    m_batches.insert(batch, Batch{ids, QSet<TaskId>(ids.cbegin(), ids.cend())});
    for (TaskId id : ids)
        m_batchOf.insert(id, batch);
}

void NotificationPolicy::taskFinished(const TaskSnapshot &task)
{
    if (task.status.state == TaskState::Failed && task.error.code() != TaskError::Code::Blocked)
        notifyFailure(task);
    if (const int batch = m_batchOf.value(task.id); batch != 0) {
        Batch &entry = m_batches[batch];
        entry.pending.remove(task.id);
        if (entry.pending.isEmpty())
            checkBatch(batch);
    }
}

void NotificationPolicy::tasksRemoved(const QList<TaskId> &ids)
{
    QList<int> touched;
    for (TaskId id : ids) {
        const int batch = m_batchOf.take(id);
        if (batch == 0)
            continue;
        Batch &entry = m_batches[batch];
        entry.ids.removeOne(id);
        entry.pending.remove(id);
        if (entry.pending.isEmpty() && !touched.contains(batch))
            touched.append(batch);
    }
    for (int batch : std::as_const(touched))
        checkBatch(batch);
}

// Every task was seen finishing; one the user retried since may be running again.
void NotificationPolicy::checkBatch(int batch)
{
    const QList<TaskId> ids = m_batches.value(batch).ids;
    QList<TaskSnapshot> tasks;
    tasks.reserve(ids.size());
    for (TaskId id : ids) {
        // The newest state: the last slice of a large batch may still be waiting.
        const TaskSnapshot *latest = m_model->latest(id);
        if (!latest)
            continue;  // removed: the model may have dropped it before tasksRemoved reached us
        const TaskSnapshot &task = *latest;
        if (!task.isFinished()) {
            m_batches[batch].pending.insert(id);  // retried: its next finish checks again
            return;
        }
        tasks.append(task);
    }
    m_batches.remove(batch);
    for (TaskId id : ids)
        m_batchOf.remove(id);
    if (!tasks.isEmpty())
        notifyBatch(tasks);
}

bool NotificationPolicy::wanted() const
{
    return m_enabled && !(m_windowActive && m_windowActive());
}

void NotificationPolicy::notifyFailure(const TaskSnapshot &task)
{
    if (!wanted())
        return;
    send(tr("Failed: %1").arg(displayName(task)), task.error.message(), Target{task.id, {}, false});
}

void NotificationPolicy::notifyBatch(const QList<TaskSnapshot> &tasks)
{
    if (!wanted())
        return;
    const BatchSummary summary = summarize(tasks);
    // Failures were notified one by one; a batch that produced nothing adds nothing to that.
    if (summary.succeeded == 0)
        return;
    QString title;
    QString body;
    if (summary.succeeded == 1 && summary.failed == 0) {
        title = tr("Finished: %1").arg(summary.names.first());
        body = summary.result.isEmpty() ? QString() : QDir::toNativeSeparators(summary.result);
    } else {
        title = summary.allDownloads ? tr("%n download(s) finished", "", summary.succeeded)
                                     : tr("%n task(s) finished", "", summary.succeeded);
        constexpr int shown = 3;
        body = summary.names.mid(0, shown).join(u", "_s);
        if (summary.names.size() > shown)
            body = tr("%1 and %n more", "", int(summary.names.size() - shown)).arg(body);
        if (summary.failed > 0)
            body = tr("%1 (%n failed)", "", summary.failed).arg(body);
    }
    send(title, body, Target{summary.showId, summary.result, summary.resultIsFolder});
}

void NotificationPolicy::send(const QString &title, const QString &body, const Target &target)
{
    QList<Notifier::Action> actions;
    if (!target.path.isEmpty())
        actions.append({u"open"_s, target.folder ? tr("Open Folder") : tr("Open")});
    actions.append({u"show"_s, tr("Show")});
    const quint32 id = m_notifier->notify(title, body, actions);
    if (m_targets.size() >= maxTargets) {
        // Ids only grow: the smallest is the oldest.
        const auto oldest = std::min_element(m_targets.keyBegin(), m_targets.keyEnd());
        m_targets.remove(*oldest);
    }
    m_targets.insert(id, target);
}

void NotificationPolicy::onAction(quint32 id, const QString &key)
{
    const auto it = m_targets.constFind(id);
    if (it == m_targets.cend())
        return;
    if (key == u"open" && !it->path.isEmpty())
        Q_EMIT openRequested(QUrl::fromLocalFile(it->path));
    else if (key == u"show" || key == u"default")  // "default": a click on the notification itself
        Q_EMIT showTaskRequested(it->task);
}

} // namespace Ferry
