#include "tasktablemodel.h"

#include <QMimeDatabase>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Bytes to show as the size: the announced total, or what arrived when a download of unknown size
// finished.
qint64 effectiveTotal(const DownloadSnapshot &s)
{
    if (s.bytesTotal < 0 && s.state == DownloadState::Succeeded)
        return s.bytesDone;
    return s.bytesTotal;
}

// 0..1, or -1 when the total is unknown (the delegate then draws an empty, indeterminate bar).
double progressFraction(const DownloadSnapshot &s)
{
    if (s.state == DownloadState::Succeeded)
        return 1.0;
    if (s.bytesTotal > 0)
        return std::clamp(double(s.bytesDone) / double(s.bytesTotal), 0.0, 1.0);
    return s.bytesTotal == 0 ? 0.0 : -1.0;
}

bool showsSpeed(DownloadState state)
{
    return state == DownloadState::Downloading;
}

const QString &unknownText()
{
    static const QString dash = u"\u2014"_s;
    return dash;
}

} // namespace

QString displayName(const DownloadSnapshot &snapshot)
{
    if (!snapshot.fileName.isEmpty())
        return snapshot.fileName;
    const QString fromUrl = snapshot.url.fileName();
    if (!fromUrl.isEmpty())
        return fromUrl;
    return snapshot.url.toDisplayString();
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
    const DownloadSnapshot &s = m_rows.at(index.row());
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
    case DownloadIdRole:
        return QVariant::fromValue<DownloadId>(s.id);
    case StateRole:
        return int(s.state);
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
    case Finished: return tr("Finished");
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

void TaskTableModel::applySnapshots(const QList<DownloadSnapshot> &changed)
{
    if (changed.isEmpty())
        return;

    QList<int> changedRows;
    QList<DownloadSnapshot> fresh;
    QHash<DownloadId, qsizetype> freshIndex;  // a batch may carry a new id twice: the last copy wins
    changedRows.reserve(changed.size());
    for (const DownloadSnapshot &s : changed) {
        if (const auto known = m_rowOf.constFind(s.id); known != m_rowOf.cend()) {
            DownloadSnapshot &row = m_rows[*known];
            account(row, -1);
            row = s;
            account(row, +1);
            changedRows.append(*known);
        } else if (const auto pending = freshIndex.constFind(s.id); pending != freshIndex.cend()) {
            fresh[*pending] = s;
        } else {
            freshIndex.insert(s.id, fresh.size());
            fresh.append(s);
        }
    }

    if (!changedRows.isEmpty()) {
        std::sort(changedRows.begin(), changedRows.end());
        changedRows.erase(std::unique(changedRows.begin(), changedRows.end()), changedRows.end());
        // Past half the table, one signal is cheaper for the views than many (they repaint the
        // viewport either way).
        if (changedRows.size() * 2 > m_rows.size()) {
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        } else {
            for (int row : std::as_const(changedRows))
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }

    if (!fresh.isEmpty()) {
        const int first = rowCount();
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        m_rows.reserve(m_rows.size() + fresh.size());
        for (DownloadSnapshot &s : fresh) {
            m_rowOf.insert(s.id, int(m_rows.size()));
            account(s, +1);
            m_rows.append(std::move(s));
        }
        endInsertRows();
    }

    Q_EMIT totalsChanged();
}

void TaskTableModel::account(const DownloadSnapshot &s, int sign)
{
    if (isActive(s.state))
        m_activeCount += sign;
    if (showsSpeed(s.state))
        m_totalSpeed += sign * qint64(std::llround(std::max(0.0, s.speed)));
}

bool TaskTableModel::isActive(DownloadState state)
{
    switch (state) {
    case DownloadState::Connecting:
    case DownloadState::Downloading:
    case DownloadState::Retrying:
    case DownloadState::Verifying:
        return true;
    default:
        return false;
    }
}

QString TaskTableModel::displayText(const DownloadSnapshot &s, int column) const
{
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
        const qint64 total = effectiveTotal(s);
        return total < 0 ? unknownText() : formatSize(total, m_locale);
    }
    case Done:
        return formatSize(s.bytesDone, m_locale);
    case Speed:
        return showsSpeed(s.state) ? formatSpeed(s.speed, m_locale) : QString();
    case Eta:
        return showsSpeed(s.state) ? formatEta(s.etaSeconds, m_locale) : QString();
    case Finished:
        return s.finished.isValid() ? m_locale.toString(s.finished.toLocalTime(), QLocale::ShortFormat)
                                    : QString();
    default:
        return {};
    }
}

QVariant TaskTableModel::rawValue(const DownloadSnapshot &s, int column) const
{
    switch (column) {
    case Name:
        return displayName(s);
    case Status:
        return int(s.state);
    case Progress:
        return progressFraction(s);
    case Size:
        return effectiveTotal(s);
    case Done:
        return s.bytesDone;
    case Speed:
        return showsSpeed(s.state) ? s.speed : 0.0;
    case Eta:
        // Unknown sorts after every known time, ascending.
        return showsSpeed(s.state) && s.etaSeconds >= 0 ? s.etaSeconds
                                                          : std::numeric_limits<qint64>::max();
    case Finished:
        return s.finished;
    default:
        return {};
    }
}

QString TaskTableModel::statusText(const DownloadSnapshot &s) const
{
    QString state;
    switch (s.state) {
    case DownloadState::Queued: state = tr("Queued"); break;
    case DownloadState::Connecting: state = tr("Connecting"); break;
    case DownloadState::Downloading: state = tr("Downloading"); break;
    case DownloadState::Retrying: state = tr("Retrying"); break;
    case DownloadState::Verifying: state = tr("Verifying"); break;
    case DownloadState::Paused: state = tr("Paused"); break;
    case DownloadState::Succeeded: state = tr("Finished"); break;
    case DownloadState::Failed: state = tr("Failed"); break;
    case DownloadState::Cancelled: state = tr("Cancelled"); break;
    }
    // Why it waits or failed, in the engine's words; the state name alone hides the useful part.
    QString reason = s.state == DownloadState::Failed && s.error.isError() ? s.error.message() : s.statusText;
    if (reason.isEmpty() && s.state == DownloadState::Failed)
        reason = TaskError::codeName(s.error.code());
    if (reason.isEmpty() || reason.compare(downloadStateName(s.state), Qt::CaseInsensitive) == 0)
        return state;
    return tr("%1: %2", "download state: reason").arg(state, reason);
}

QString TaskTableModel::toolTip(const DownloadSnapshot &s, int column) const
{
    if (s.error.isError()) {
        const QString detail = s.error.detail();
        return detail.isEmpty() || detail == s.error.message() ? s.error.message()
                                                               : s.error.message() + u'\n' + detail;
    }
    switch (column) {
    case Name:
        return s.path.isEmpty() ? s.url.toDisplayString() : s.path + u'\n' + s.url.toDisplayString();
    case Status:
        return statusText(s);
    default:
        return {};
    }
}

QIcon TaskTableModel::fileIcon(const DownloadSnapshot &s) const
{
    const QString name = displayName(s);
    const qsizetype dot = name.lastIndexOf(u'.');
    const QString suffix = dot > 0 ? name.mid(dot + 1).toLower() : QString();
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

QString TaskTableModel::formatPercent(double fraction, const QLocale &locale)
{
    // Round down so "100%" only ever means done.
    const double percent = std::floor(std::clamp(fraction, 0.0, 1.0) * 1000.0) / 10.0;
    return tr("%1%", "percent").arg(locale.toString(percent, 'f', 1));
}

} // namespace Ferry
