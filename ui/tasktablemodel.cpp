#include "tasktablemodel.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QTimer>
#include <QtAlgorithms>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool isRunningDownload(const TaskSnapshot &s)
{
    return s.kind == TaskKind::Download && s.status.state == TaskState::Running;
}

// Bytes to show as the size: the announced total, or what arrived when a download of unknown size
// finished. Steps count per-mille, which is no size.
qint64 effectiveTotal(const TaskSnapshot &s)
{
    if (s.unit != TaskSnapshot::Unit::Bytes)
        return -1;
    if (s.total < 0 && s.status.state == TaskState::Succeeded)
        return s.done;
    return s.total;
}

// 0..1, or -1 when the total is unknown (the delegate then draws an empty bar without a label).
double progressFraction(const TaskSnapshot &s)
{
    if (s.status.state == TaskState::Succeeded)
        return 1.0;
    if (s.total > 0)
        return std::clamp(double(s.done) / double(s.total), 0.0, 1.0);
    return s.total == 0 ? 0.0 : -1.0;
}

const QString &unknownText()
{
    static const QString dash = u"\u2014"_s;
    return dash;
}

QString suffixOf(const QString &name)
{
    const qsizetype dot = name.lastIndexOf(u'.');
    return dot > 0 ? name.mid(dot + 1).toLower() : QString();
}

constexpr quint32 columnBit(int column)
{
    return 1u << column;
}

constexpr quint32 allColumns = columnBit(TaskTableModel::ColumnCount) - 1;

// The columns whose cells (in any role) differ between two states of one task, from the fields
// each column shows (see data()). Progress, the frequent change, touches a few columns; a change of
// what the row-wide roles show (state, category, the name and search text) touches the whole row.
// The file category is the caller's to compare: it follows the rules, not the snapshot alone. A
// field left out here would leave stale cells, so tst_tasktableupdates compares every cell before
// and after random changes.
quint32 changedColumns(const TaskSnapshot &a, const TaskSnapshot &b)
{
    using M = TaskTableModel;
    // Every cell's tooltip shows the error; the kind and the unit change what each column means.
    if (a.kind != b.kind || a.unit != b.unit || !(a.error == b.error) || a.status.state != b.status.state
        || a.title != b.title || a.fileName != b.fileName || a.outputPath != b.outputPath || a.input != b.input
        || a.url != b.url)
        return allColumns;
    quint32 columns = 0;
    if (!(a.status == b.status) || a.progressText != b.progressText)
        columns |= columnBit(M::Status);
    if (a.done != b.done || a.total != b.total)
        columns |= columnBit(M::Progress) | columnBit(M::Size);
    if (a.done != b.done || a.progressText != b.progressText)
        columns |= columnBit(M::Done);
    if (std::llround(a.speed) != std::llround(b.speed))
        columns |= columnBit(M::Speed);
    if (a.etaSeconds != b.etaSeconds)
        columns |= columnBit(M::Eta);
    if (a.added != b.added)
        columns |= columnBit(M::Added);
    if (a.finished != b.finished)
        columns |= columnBit(M::Finished);
    return columns;
}

} // namespace

TaskCategory categoryOf(TaskState state)
{
    switch (state) {
    case TaskState::Running: return TaskCategory::Active;
    case TaskState::Queued:
    case TaskState::Waiting:
    case TaskState::Paused: return TaskCategory::Queued;
    case TaskState::Succeeded: return TaskCategory::Finished;
    case TaskState::Failed:
    case TaskState::Cancelled: return TaskCategory::Failed;
    }
    return TaskCategory::Queued;
}

QString displayName(const TaskSnapshot &s)
{
    if (s.kind == TaskKind::Download) {
        // The name on disk once known: the server may have proposed a better one than the URL.
        if (!s.outputPath.isEmpty() && s.status.state == TaskState::Succeeded)
            return QFileInfo(s.outputPath).fileName();
        if (!s.fileName.isEmpty())
            return s.fileName;
        if (!s.title.isEmpty())
            return s.title;
        const QString fromUrl = s.url.fileName();
        return fromUrl.isEmpty() ? s.url.toDisplayString() : fromUrl;
    }
    if (!s.title.isEmpty()) {
        // A pipeline step is titled before its input exists ("Verify"); name the file once known.
        if (!s.input.isEmpty() && !s.title.contains(u' '))
            return s.title + u' ' + QFileInfo(s.input).fileName();
        return s.title;
    }
    return TaskTableModel::kindText(s.kind);
}

TaskTableModel::TaskTableModel(QObject *parent) : QAbstractTableModel(parent) {}

TaskTableModel::~TaskTableModel() = default;

int TaskTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TaskSnapshot &s = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayText(s, column);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(s, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::DecorationRole:
        return column == Name ? QVariant(fileIcon(s)) : QVariant();
    case Qt::TextAlignmentRole:
        switch (column) {
        case Size:
        case Done:
        case Speed:
        case Eta:
            // An int, not Qt::Alignment: Qt 6.4's delegates read this role with toInt().
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    case RawValueRole:
        return rawValue(s, column);
    case TaskIdRole:
        return QVariant::fromValue<TaskId>(s.id);
    case StateRole:
        return int(s.status.state);
    case CategoryRole:
        return int(categoryOf(s.status.state));
    case SearchTextRole:
        return QStringList{displayName(s), s.url.toDisplayString(), s.outputPath, s.input}.join(u'\n');
    case FileCategoryRole:
        return m_fileCategoryOf.value(s.id);
    default:
        return {};
    }
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Name");
    case Status: return tr("Status");
    case Progress: return tr("Progress");
    case Size: return tr("Size");
    case Done: return tr("Done");
    case Speed: return tr("Speed");
    case Eta: return tr("ETA");
    case Step: return tr("Step");
    case Added: return tr("Added");
    case Finished: return tr("Finished");
    case Category: return tr("Category");
    default: return {};
    }
}

void TaskTableModel::setFallbackFileIcon(const QIcon &icon)
{
    m_fallbackIcon = icon;
    m_iconBySuffix.clear();
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Name), index(rowCount() - 1, Name), {Qt::DecorationRole});
}

const TaskSnapshot *TaskTableModel::latest(TaskId id) const
{
    if (const auto at = m_pendingAt.constFind(id); at != m_pendingAt.cend())
        return &m_pending.at(*at);
    const int row = rowOf(id);
    return row < 0 ? nullptr : &m_rows.at(row);
}

void TaskTableModel::applySnapshots(const QList<TaskSnapshot> &changed)
{
    if (changed.isEmpty() || insertFirstBatch(changed))
        return;
    for (const TaskSnapshot &s : changed) {
        // A task still waiting for its slice keeps its place (rows appear in first-seen order) and
        // takes the newest state: applying the older one first would only cost time.
        if (const auto at = m_pendingAt.constFind(s.id); at != m_pendingAt.cend()) {
            m_pending[*at] = s;
        } else {
            m_pendingAt.insert(s.id, m_pending.size());
            m_pending.append(s);
        }
    }
    if (m_applying) {
        // Called from a slot of one of our signals: the slice running now schedules the rest.
        return;
    }
    if (!m_sliceScheduled)
        applyPendingSlice();
}

// The first batch into an empty model with nothing waiting (the store's 10,000 tasks at startup):
// one insertion straight from the batch, without a copy into the slices' queue and its index.
// False, doing nothing, when that does not apply (or the batch names a task twice).
bool TaskTableModel::insertFirstBatch(const QList<TaskSnapshot> &batch)
{
    if (!m_rows.isEmpty() || hasPendingSnapshots() || m_applying)
        return false;
    QHash<TaskId, int> rowOf;
    rowOf.reserve(batch.size());
    for (const TaskSnapshot &s : batch) {
        if (rowOf.contains(s.id))
            return false;
        rowOf.insert(s.id, int(rowOf.size()));
    }
    m_applying = true;
    beginInsertRows({}, 0, int(batch.size()) - 1);
    m_rowOf = std::move(rowOf);
    m_rows.reserve(batch.size());  // empty: nothing to copy
    for (const TaskSnapshot &s : batch) {
        account(s, +1);
        m_rows.append(s);
    }
    endInsertRows();
    m_applying = false;
    if (hasPendingSnapshots() && !m_sliceScheduled) {  // a batch from a slot of the insertion's signals
        m_sliceScheduled = true;
        QTimer::singleShot(0, this, &TaskTableModel::applyPendingSlice);
    }
    Q_EMIT totalsChanged();
    return true;
}

void TaskTableModel::applyPendingSlice()
{
    m_sliceScheduled = false;
    m_applying = true;
    QElapsedTimer clock;
    clock.start();
    const bool whole = m_rows.isEmpty();  // nothing on screen yet: one insertion is cheapest
    bool applied = false;
    while (m_pendingHead < m_pending.size()) {
        const qsizetype end = whole ? m_pending.size() : std::min(m_pending.size(), m_pendingHead + RowsPerSlice);
        applied = applyChunk(end) || applied;
        // Checked after each chunk's signals, so the budget includes what the proxy and views do.
        if (!whole && clock.nsecsElapsed() >= m_sliceBudget.count())
            break;
    }
    m_applying = false;

    if (m_pendingHead == m_pending.size()) {
        m_pending.clear();
        m_pendingHead = 0;
        m_pendingAt.clear();
    } else {
        if (m_pendingHead > 4 * RowsPerSlice && m_pendingHead * 2 > m_pending.size()) {
            // Drop the applied head so a long backlog does not hold every snapshot it ever had.
            m_pending.remove(0, m_pendingHead);
            for (qsizetype &at : m_pendingAt)
                at -= m_pendingHead;
            m_pendingHead = 0;
        }
        m_sliceScheduled = true;
        // Not processEvents: the next slice waits its turn behind input, paints and timers.
        QTimer::singleShot(0, this, &TaskTableModel::applyPendingSlice);
    }
    if (applied)
        Q_EMIT totalsChanged();
}

bool TaskTableModel::applyChunk(qsizetype end)
{
    QList<std::pair<int, quint32>> changedRows;  // row, columns
    QList<TaskSnapshot> fresh;
    for (; m_pendingHead < end; ++m_pendingHead) {
        TaskSnapshot &s = m_pending[m_pendingHead];
        const auto at = m_pendingAt.find(s.id);
        if (at == m_pendingAt.end() || *at != m_pendingHead)
            continue;  // removed while it waited
        m_pendingAt.erase(at);
        if (const auto known = m_rowOf.constFind(s.id); known != m_rowOf.cend()) {
            TaskSnapshot &row = m_rows[*known];
            quint32 columns = changedColumns(row, s);
            const QString categoryBefore = m_fileCategoryOf.value(s.id);
            account(row, -1);
            row = std::move(s);
            account(row, +1);
            if (m_fileCategoryOf.value(row.id) != categoryBefore)
                columns = allColumns;  // FileCategoryRole is row-wide
            if (columns != 0)
                changedRows.append({*known, columns});
        } else {
            fresh.append(std::move(s));
        }
    }
    const bool applied = !changedRows.isEmpty() || !fresh.isEmpty();
    emitChangedRuns(changedRows);

    if (!fresh.isEmpty()) {
        // No reserve(): that would allocate an exact fit on every insertion, instead of growing
        // geometrically (growing moves the rows with memmove: TaskSnapshot is relocatable).
        const int first = rowCount();
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (TaskSnapshot &s : fresh) {
            m_rowOf.insert(s.id, int(m_rows.size()));
            account(s, +1);
            m_rows.append(std::move(s));
        }
        endInsertRows();
    }
    return applied;
}

// One dataChanged per run of contiguous rows whose changes span the same columns, from the first to
// the last changed one: the proxy then filters and re-sorts only those rows (Qt 6.4 re-sorts when
// the sort column is inside the range, and relayouts only when a row moved), and the view repaints
// only those cells.
void TaskTableModel::emitChangedRuns(QList<std::pair<int, quint32>> &changedRows)
{
    std::sort(changedRows.begin(), changedRows.end());
    const auto span = [](quint32 columns) {
        return std::pair(int(qCountTrailingZeroBits(columns)), 31 - int(qCountLeadingZeroBits(columns)));
    };
    for (qsizetype begin = 0; begin < changedRows.size();) {
        const auto [left, right] = span(changedRows.at(begin).second);
        qsizetype end = begin + 1;
        while (end < changedRows.size() && changedRows.at(end).first == changedRows.at(end - 1).first + 1
               && span(changedRows.at(end).second) == std::pair(left, right))
            ++end;
        Q_EMIT dataChanged(index(changedRows.at(begin).first, left), index(changedRows.at(end - 1).first, right));
        begin = end;
    }
}

void TaskTableModel::removeTasks(const QList<TaskId> &ids)
{
    if (hasPendingSnapshots()) {
        for (TaskId id : ids)
            m_pendingAt.remove(id);
    }
    QList<int> rows;
    rows.reserve(ids.size());
    for (TaskId id : ids) {
        if (const auto known = m_rowOf.constFind(id); known != m_rowOf.cend())
            rows.append(*known);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());

    // From the last run to the first, so the rows of the runs still to remove keep their numbers.
    qsizetype end = rows.size();
    while (end > 0) {
        qsizetype begin = end - 1;
        while (begin > 0 && rows.at(begin - 1) == rows.at(begin) - 1)
            --begin;
        const int first = rows.at(begin), last = rows.at(end - 1);
        beginRemoveRows({}, first, last);
        for (int row = first; row <= last; ++row) {
            account(m_rows.at(row), -1);
            m_rowOf.remove(m_rows.at(row).id);
        }
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        end = begin;
    }
    // Rows after the first removed one moved up.
    for (int row = rows.first(); row < m_rows.size(); ++row)
        m_rowOf[m_rows.at(row).id] = row;

    Q_EMIT totalsChanged();
}

void TaskTableModel::account(const TaskSnapshot &s, int sign)
{
    m_counts[int(categoryOf(s.status.state))] += sign;
    if (isRunningDownload(s))
        m_totalSpeed += sign * qint64(std::llround(std::max(0.0, s.speed)));
    if (s.kind == TaskKind::Download && !s.isFinished()) {
        m_unfinishedDownloads += sign;
        if (s.total > 0) {
            m_unfinishedDone += sign * std::min(s.done, s.total);
            m_unfinishedTotal += sign * s.total;
        }
    }
    if (sign > 0) {
        if (const QString category = classify(s); !category.isEmpty()) {
            m_fileCategoryOf.insert(s.id, category);
            ++m_fileCategoryCounts[category];
        }
    } else if (const QString category = m_fileCategoryOf.take(s.id); !category.isEmpty()) {
        if (--m_fileCategoryCounts[category] <= 0)
            m_fileCategoryCounts.remove(category);
    }
}

// Downloads only: a pipeline's steps are no file type of their own.
QString TaskTableModel::classify(const TaskSnapshot &s) const
{
    if (s.kind != TaskKind::Download)
        return {};
    const QString name = displayName(s);
    const QString key = name + u'\n' + s.url.host() + u'\n' + s.finalUrl.host();
    if (const auto cached = m_categoryByNameAndHost.constFind(key); cached != m_categoryByNameAndHost.cend())
        return *cached;
    const QString category = m_categoryRules.categoryFor(name, s.url, s.finalUrl);
    m_categoryByNameAndHost.insert(key, category);
    return category;
}

void TaskTableModel::setCategoryRules(const CategoryRules &rules)
{
    if (rules == m_categoryRules)
        return;
    m_categoryRules = rules;
    m_categoryByNameAndHost.clear();
    m_fileCategoryOf.clear();
    m_fileCategoryCounts.clear();
    for (const TaskSnapshot &s : std::as_const(m_rows)) {
        if (const QString category = classify(s); !category.isEmpty()) {
            m_fileCategoryOf.insert(s.id, category);
            ++m_fileCategoryCounts[category];
        }
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Category), index(rowCount() - 1, Category));
    Q_EMIT totalsChanged();
}

QString TaskTableModel::categoryText(const QString &category)
{
    if (category == CategoryRules::videos())
        return tr("Videos");
    if (category == CategoryRules::archives())
        return tr("Archives");
    if (category == CategoryRules::images())
        return tr("Images");
    if (category == CategoryRules::documents())
        return tr("Documents");
    if (category == CategoryRules::programs())
        return tr("Programs");
    return category;
}

QString TaskTableModel::kindText(TaskKind kind)
{
    switch (kind) {
    case TaskKind::Download: return tr("Download");
    case TaskKind::Verify: return tr("Verify");
    case TaskKind::Extract: return tr("Extract");
    case TaskKind::Decompress: return tr("Decompress");
    case TaskKind::Thumbnail: return tr("Thumbnails");
    case TaskKind::Hash: return tr("Hash");
    case TaskKind::ChecksumList: return tr("Checksum list");
    case TaskKind::Command: return tr("Command");
    case TaskKind::DeleteFile: return tr("Delete archive");
    case TaskKind::Noop: return tr("Nothing");
    }
    return {};
}

QString TaskTableModel::statusText(const TaskSnapshot &s)
{
    // The wait reason or the failure in words: the state name alone hides the useful part.
    const QString state = Ferry::displayText(s.status);
    if (s.error.isError() && (s.status.state == TaskState::Failed || s.status.state == TaskState::Waiting)) {
        const QString reason = s.error.message().isEmpty() ? TaskError::codeName(s.error.code()) : s.error.message();
        return tr("%1: %2", "task state: reason").arg(state, reason);
    }
    if (s.status.state == TaskState::Running && !s.progressText.isEmpty())
        return tr("%1: %2", "task state: what it does").arg(state, s.progressText);
    if (!s.status.detail.isEmpty() && s.status.state == TaskState::Waiting)
        return tr("%1 (%2)", "task state (detail)").arg(state, s.status.detail);
    return state;
}

QString TaskTableModel::displayText(const TaskSnapshot &s, int column) const
{
    const bool bytes = s.unit == TaskSnapshot::Unit::Bytes;
    switch (column) {
    case Name:
        return displayName(s);
    case Status:
        return statusText(s);
    case Progress: {
        const double fraction = progressFraction(s);
        return fraction < 0 ? QString() : formatPercent(fraction, m_locale);
    }
    case Size: {
        if (!bytes)
            return {};
        const qint64 total = effectiveTotal(s);
        return total < 0 ? unknownText() : formatSize(total, m_locale);
    }
    case Done:
        return bytes ? formatSize(s.done, m_locale) : s.progressText;
    case Speed:
        return isRunningDownload(s) ? formatSpeed(s.speed, m_locale) : QString();
    case Eta:
        return s.status.state == TaskState::Running ? formatEta(s.etaSeconds, m_locale) : QString();
    case Step:
        return kindText(s.kind);
    case Added:
        return formatWhen(s.added, m_locale);
    case Finished:
        return formatWhen(s.finished, m_locale);
    case Category:
        return categoryText(m_fileCategoryOf.value(s.id));
    default:
        return {};
    }
}

QVariant TaskTableModel::rawValue(const TaskSnapshot &s, int column) const
{
    switch (column) {
    case Name:
        return displayName(s);
    case Status:
        return int(s.status.state);
    case Progress:
        return progressFraction(s);
    case Size:
        return effectiveTotal(s);
    case Done:
        return s.done;
    case Speed:
        return isRunningDownload(s) ? s.speed : 0.0;
    case Eta:
        // Unknown sorts after every known time, ascending.
        return s.status.state == TaskState::Running && s.etaSeconds >= 0 ? s.etaSeconds
                                                                        : std::numeric_limits<qint64>::max();
    case Step:
        return kindText(s.kind);
    case Added:
        return s.added;
    case Finished:
        return s.finished;
    case Category:
        return categoryText(m_fileCategoryOf.value(s.id));
    default:
        return {};
    }
}

QString TaskTableModel::toolTip(const TaskSnapshot &s, int column) const
{
    if (s.error.isError()) {
        const QString detail = s.error.detail();
        return detail.isEmpty() || detail == s.error.message() ? s.error.message()
                                                               : s.error.message() + u'\n' + detail;
    }
    switch (column) {
    case Name: {
        QStringList lines;
        if (!s.outputPath.isEmpty())
            lines.append(s.outputPath);
        else if (!s.input.isEmpty())
            lines.append(s.input);
        if (s.url.isValid())
            lines.append(s.url.toDisplayString());
        return lines.join(u'\n');
    }
    case Status:
        return statusText(s);
    default:
        return {};
    }
}

QIcon TaskTableModel::fileIcon(const TaskSnapshot &s) const
{
    const QString suffix = suffixOf(displayName(s));
    if (const auto cached = m_iconBySuffix.constFind(suffix); cached != m_iconBySuffix.cend())
        return *cached;

    const QMimeType mime = QMimeDatabase().mimeTypeForFile(u"file." + suffix, QMimeDatabase::MatchExtension);
    QIcon icon = QIcon::fromTheme(mime.iconName());
    if (icon.isNull())
        icon = QIcon::fromTheme(mime.genericIconName());
    if (icon.isNull())
        icon = m_fallbackIcon;
    m_iconBySuffix.insert(suffix, icon);
    return icon;
}

QString TaskTableModel::formatSize(qint64 bytes, const QLocale &locale)
{
    if (bytes < 0)
        return {};
    return locale.formattedDataSize(bytes, bytes < 1024 ? 0 : 1);
}

QString TaskTableModel::formatSpeed(double bytesPerSecond, const QLocale &locale)
{
    return tr("%1/s", "bytes per second").arg(formatSize(std::llround(std::max(0.0, bytesPerSecond)), locale));
}

QString TaskTableModel::formatEta(qint64 seconds, const QLocale &locale)
{
    constexpr qint64 minute = 60, hour = 60 * minute, day = 24 * hour;
    // Beyond 100 days a number is noise: show infinity like for "unknown".
    if (seconds < 0 || seconds >= 100 * day)
        return u"\u221E"_s;
    // Explicit QString returns: with QStringBuilder an `auto` return would dangle.
    const auto n = [&locale](qint64 v) -> QString { return locale.toString(v); };
    const auto n2 = [&locale](qint64 v) -> QString {
        return (v < 10 ? locale.zeroDigit() : QString()) + locale.toString(v);
    };
    if (seconds < minute)
        return tr("%1s", "seconds").arg(n(seconds));
    if (seconds < hour)
        return tr("%1m %2s", "minutes, seconds").arg(n(seconds / minute), n2(seconds % minute));
    if (seconds < day)
        return tr("%1h %2m", "hours, minutes").arg(n(seconds / hour), n2(seconds % hour / minute));
    return tr("%1d %2h", "days, hours").arg(n(seconds / day), n(seconds % day / hour));
}

QString TaskTableModel::formatWhen(const QDateTime &when, const QLocale &locale)
{
    if (!when.isValid())
        return {};
    // Today's tasks by their time alone: the column stays narrow and the date adds nothing.
    const QDateTime local = when.toLocalTime();
    if (local.date() == QDate::currentDate())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local.date(), QLocale::ShortFormat);
}

QString TaskTableModel::formatPercent(double fraction, const QLocale &locale)
{
    // Round down so "100%" only ever means done.
    const double percent = std::floor(std::clamp(fraction, 0.0, 1.0) * 1000.0) / 10.0;
    return tr("%1%", "percent").arg(locale.toString(percent, 'f', 1));
}

} // namespace Ferry
