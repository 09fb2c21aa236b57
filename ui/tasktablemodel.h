#pragma once

#include "net/downloadtypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QLocale>

namespace Ferry {

// The download queue as a table, fed only by the engine's snapshot batches. It holds copies, never a
// pointer to a live download, so the GUI thread can read it without locks. Rows keep queue (insertion)
// order; sorting is the proxy's job and uses RawValueRole.
class TaskTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskTableModel)

public:
    enum Column { Name, Status, Progress, Size, Done, Speed, Eta, Finished, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        // The column's value to sort by and for delegates: QString (Name), int state (Status), double
        // fraction 0..1 or -1 when the size is unknown (Progress), qint64 bytes (Size, Done; -1 unknown),
        // double bytes/s (Speed), qint64 seconds with "unknown" as the largest value (Eta), QDateTime.
        RawValueRole = Qt::UserRole + 1,
        DownloadIdRole,  // Ferry::DownloadId of the row, any column
        StateRole,       // int(DownloadState), any column
    };

    explicit TaskTableModel(QObject *parent = nullptr);
    ~TaskTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The row of a download, or -1.
    int rowOf(DownloadId id) const { return m_rowOf.value(id, -1); }
    const DownloadSnapshot &snapshotAt(int row) const { return m_rows.at(row); }

    // Totals for the status bar, kept up to date by applySnapshots.
    int activeCount() const { return m_activeCount; }
    qint64 totalSpeed() const { return m_totalSpeed; }  // bytes/s

    // Shown for names whose type has no themed icon (the view's style knows a good one; the model does
    // not reach for QApplication).
    void setFallbackFileIcon(const QIcon &icon);

    // Human formatting, public for the status bar and the tests.
    static QString formatSize(qint64 bytes, const QLocale &locale = {});
    static QString formatSpeed(double bytesPerSecond, const QLocale &locale = {});
    static QString formatEta(qint64 seconds, const QLocale &locale = {});
    static QString formatPercent(double fraction, const QLocale &locale = {});
    static bool isActive(DownloadState state);

public Q_SLOTS:
    // Applies one engine batch: unknown ids are appended in one insertion, known ones replaced and
    // announced with one dataChanged per row (or one for the whole table when most rows changed).
    void applySnapshots(const QList<Ferry::DownloadSnapshot> &changed);

Q_SIGNALS:
    // After a batch was applied (once per batch, not per row).
    void totalsChanged();

private:
    QString displayText(const DownloadSnapshot &s, int column) const;
    QVariant rawValue(const DownloadSnapshot &s, int column) const;
    QString statusText(const DownloadSnapshot &s) const;
    QString toolTip(const DownloadSnapshot &s, int column) const;
    QIcon fileIcon(const DownloadSnapshot &s) const;
    void account(const DownloadSnapshot &s, int sign);

    QList<DownloadSnapshot> m_rows;
    QHash<DownloadId, int> m_rowOf;
    mutable QHash<QString, QIcon> m_iconBySuffix;  // QMimeDatabase lookups are too slow for paint
    QIcon m_fallbackIcon;
    QLocale m_locale;
    int m_activeCount = 0;
    qint64 m_totalSpeed = 0;  // integral so adding and removing rows never drifts
};

// The name shown for a download: the engine's file name, else the URL's, else the URL itself.
QString displayName(const DownloadSnapshot &snapshot);

} // namespace Ferry
