#pragma once

#include "config/categoryrules.h"
#include "engine/tasksnapshot.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QLocale>

namespace Ferry {

// The four groups the sidebar counts and filters by. Paused tasks wait for the user, so they are
// queued; a cancelled task, like a failed one, needs a retry to finish.
enum class TaskCategory { Active, Queued, Finished, Failed };
TaskCategory categoryOf(TaskState state);

// The task queue (downloads and processing steps) as a table, fed only by the engine's snapshot
// batches. It holds copies, never a pointer into the engine, so the GUI thread reads it without
// locks. Rows keep the order tasks were first seen in; sorting is the proxy's job (RawValueRole).
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

    // Totals for the status bar and the sidebar, kept up to date by every batch.
    int count(TaskCategory category) const { return m_counts[int(category)]; }
    int activeCount() const { return count(TaskCategory::Active); }
    qint64 totalSpeed() const { return m_totalSpeed; }  // bytes/s of running downloads

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
    // Applies one engine batch: unknown ids are appended in one insertion, known ones replaced and
    // announced with one dataChanged per row (or one for the whole table when most rows changed).
    void applySnapshots(const QList<Ferry::TaskSnapshot> &changed);
    // Removes the rows of these ids (unknown ids are ignored), one beginRemoveRows per contiguous run.
    void removeTasks(const QList<Ferry::TaskId> &ids);

Q_SIGNALS:
    // After a batch or a removal was applied (once, not per row).
    void totalsChanged();

private:
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
    CategoryRules m_categoryRules = CategoryRules::defaults();
    QHash<TaskId, QString> m_fileCategoryOf;  // rows with a category only
    QHash<QString, int> m_fileCategoryCounts;
    mutable QHash<QString, QString> m_categoryByNameAndHost;  // rows update ~30 times a second
};

// The name shown for a task: its title, else the output's or the URL's file name, else the URL.
QString displayName(const TaskSnapshot &snapshot);

} // namespace Ferry
