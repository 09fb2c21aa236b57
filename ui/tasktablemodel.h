#pragma once

#include "config/categoryrules.h"
#include "engine/tasksnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QLocale>

#include <chrono>

namespace Ferry {

// The four groups the sidebar counts and filters by. Paused tasks wait for the user, so they are
// queued; a cancelled task, like a failed one, needs a retry to finish.
enum class TaskCategory { Active, Queued, Finished, Failed };
TaskCategory categoryOf(TaskState state);

// The task queue (downloads and processing steps) as a table, fed only by the engine's snapshot
// batches. It holds copies, never a pointer into the engine, so the GUI thread reads it without
// locks. Rows keep the order tasks were first seen in; sorting is the proxy's job (RawValueRole).
// Under load every batch must cost the GUI thread little: changes are announced per run of
// contiguous rows and only over the columns that changed, totals are kept as running sums, and a
// large batch is applied in time-bounded slices (see applySnapshots).
class TaskTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskTableModel)

public:
    enum Column { Name, Status, Progress, Size, Done, Speed, Eta, Step, Added, Finished, Category, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        // The column's value to sort by and for delegates: QString (Name, Step), int state (Status),
        // double fraction 0..1 or -1 when unknown (Progress), qint64 bytes (Size, Done; -1 unknown),
        // double bytes/s (Speed), qint64 seconds with "unknown" as the largest value (Eta), QDateTime.
        RawValueRole = Qt::UserRole + 1,
        TaskIdRole,    // Ferry::TaskId of the row, any column
        StateRole,     // int(TaskState), any column
        CategoryRole,  // int(TaskCategory), any column
        SearchTextRole,  // name, URL and paths, for the text filter
        FileCategoryRole,  // QString: the download's category by the rules (Videos...), empty: none
    };

    explicit TaskTableModel(QObject *parent = nullptr);
    ~TaskTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(TaskId id) const { return m_rowOf.value(id, -1); }
    const TaskSnapshot &snapshotAt(int row) const { return m_rows.at(row); }
    // The newest state the model knows of a task, applied or still waiting for its slice (null:
    // unknown), valid until the model next changes. For readers that follow the engine's other
    // signals, such as taskFinished, which may overtake a large batch's last slice.
    const TaskSnapshot *latest(TaskId id) const;

    // Totals for the status bar, the sidebar and the tray, kept up to date by every batch (running
    // sums, never a pass over the rows).
    int count(TaskCategory category) const { return m_counts[int(category)]; }
    int activeCount() const { return count(TaskCategory::Active); }
    qint64 totalSpeed() const { return m_totalSpeed; }  // bytes/s of running downloads
    int unfinishedDownloads() const { return m_unfinishedDownloads; }
    // Of the unfinished downloads whose size is known: bytes arrived (at most the size) and sizes.
    qint64 unfinishedBytesDone() const { return m_unfinishedDone; }
    qint64 unfinishedBytesTotal() const { return m_unfinishedTotal; }

    // A batch larger than one slice (RowsPerSlice snapshots) is applied in slices on successive turns
    // of the event loop, each taking about this long (2 ms by default) plus one slice; 0 applies one
    // slice per turn (tests).
    void setSliceBudget(std::chrono::nanoseconds budget) { m_sliceBudget = budget; }
    // True while snapshots of a batch wait for their slice.
    bool hasPendingSnapshots() const { return m_pendingHead < m_pending.size(); }
    static constexpr int RowsPerSlice = 16;

    // The rules that give each download its category (the sidebar's second filter). The built-ins by
    // default; the window passes the user's.
    void setCategoryRules(const Ferry::CategoryRules &rules);
    const CategoryRules &categoryRules() const { return m_categoryRules; }
    int fileCategoryCount(const QString &category) const { return m_fileCategoryCounts.value(category); }
    // A category's name for people: the built-ins through tr(), the user's as typed.
    static QString categoryText(const QString &category);

    // Shown for names whose type has no themed icon (the view's style knows a good one; the model does
    // not reach for QApplication).
    void setFallbackFileIcon(const QIcon &icon);

    // Human formatting, public for the status bar and the tests.
    static QString formatSize(qint64 bytes, const QLocale &locale = {});
    static QString formatSpeed(double bytesPerSecond, const QLocale &locale = {});
    static QString formatEta(qint64 seconds, const QLocale &locale = {});
    static QString formatPercent(double fraction, const QLocale &locale = {});
    static QString formatWhen(const QDateTime &when, const QLocale &locale = {});  // today: the time only
    static QString kindText(TaskKind kind);
    static QString statusText(const TaskSnapshot &s);

public Q_SLOTS:
    // Applies one engine batch: known ids are replaced, announced with one dataChanged per run of
    // contiguous rows over the columns that changed; unknown ids are appended, one insertion per
    // slice. Up to RowsPerSlice snapshots apply at once; the rest follow in slices of about the slice
    // budget, each on a later turn of the event loop, in the order they came. A snapshot waiting for
    // its slice is replaced by a newer one of the same task (it keeps its place). An empty model
    // takes its first batch whole: the store's tasks at startup, with nothing yet to keep live.
    void applySnapshots(const QList<Ferry::TaskSnapshot> &changed);
    // Removes the rows of these ids (unknown ids are ignored), one beginRemoveRows per contiguous run.
    // Snapshots of these ids still waiting for their slice are dropped.
    void removeTasks(const QList<Ferry::TaskId> &ids);

Q_SIGNALS:
    // After a slice of a batch or a removal was applied (once, not per row).
    void totalsChanged();

private:
    bool insertFirstBatch(const QList<TaskSnapshot> &batch);
    void applyPendingSlice();
    bool applyChunk(qsizetype end);
    void emitChangedRuns(QList<std::pair<int, quint32>> &changedRows);
    QString displayText(const TaskSnapshot &s, int column) const;
    QVariant rawValue(const TaskSnapshot &s, int column) const;
    QString toolTip(const TaskSnapshot &s, int column) const;
    QIcon fileIcon(const TaskSnapshot &s) const;
    void account(const TaskSnapshot &s, int sign);
    QString classify(const TaskSnapshot &s) const;

    QList<TaskSnapshot> m_rows;
    QHash<TaskId, int> m_rowOf;
    mutable QHash<QString, QIcon> m_iconBySuffix;  // QMimeDatabase lookups are too slow for paint
    QIcon m_fallbackIcon;
    QLocale m_locale;
    int m_counts[4] = {0, 0, 0, 0};
    qint64 m_totalSpeed = 0;  // integral so adding and removing rows never drifts
    int m_unfinishedDownloads = 0;
    qint64 m_unfinishedDone = 0;
    qint64 m_unfinishedTotal = 0;

    // Snapshots of batches not yet applied, in arrival order from m_pendingHead on; m_pendingAt
    // gives the place of each id's (newest) snapshot, and drops the ids removed meanwhile.
    QList<TaskSnapshot> m_pending;
    qsizetype m_pendingHead = 0;
    QHash<TaskId, qsizetype> m_pendingAt;
    bool m_sliceScheduled = false;
    bool m_applying = false;  // a batch arriving from a slot connected to our signals waits its turn
    std::chrono::nanoseconds m_sliceBudget = std::chrono::milliseconds(2);
    CategoryRules m_categoryRules = CategoryRules::defaults();
    QHash<TaskId, QString> m_fileCategoryOf;  // rows with a category only
    QHash<QString, int> m_fileCategoryCounts;
    mutable QHash<QString, QString> m_categoryByNameAndHost;  // rows update ~30 times a second
};

// The name shown for a task: its title, else the output's or the URL's file name, else the URL.
QString displayName(const TaskSnapshot &snapshot);

} // namespace Ferry
