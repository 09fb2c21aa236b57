#include "traystatus.h"

#include "tasktablemodel.h"

#include <QStringList>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

TrayStatus TrayStatus::of(const TaskTableModel &model)
{
    TrayStatus status;
    status.active = model.count(TaskCategory::Active);
    status.queued = model.count(TaskCategory::Queued);
    status.finished = model.count(TaskCategory::Finished);
    status.failed = model.count(TaskCategory::Failed);
    status.speed = model.totalSpeed();
    // The model's running sums: this runs after every slice of every batch.
    status.downloads = model.unfinishedDownloads();
    status.done = model.unfinishedBytesDone();
    status.total = model.unfinishedBytesTotal();
    return status;
}

int TrayStatus::percent() const
{
    if (total <= 0)
        return -1;
    // Integers, so 29 of 100 is 29 (not 28.999...); huge totals divide first instead of overflowing.
    const qint64 percent = total > std::numeric_limits<qint64>::max() / 100 ? done / (total / 100) : done * 100 / total;
    return int(std::clamp<qint64>(percent, 0, 100));
}

QString TrayStatus::toolTip(const QLocale &locale) const
{
    QStringList lines{tr("Ferry")};
    if (active + queued + failed == 0) {
        lines << (finished > 0 ? tr("All %n task(s) finished", "", finished) : tr("Nothing to do"));
        return lines.join(u'\n');
    }
    QStringList counts;
    if (active > 0)
        counts << tr("%n active", "", active);
    if (queued > 0)
        counts << tr("%n queued", "", queued);
    if (failed > 0)
        counts << tr("%n failed", "", failed);
    lines << counts.join(u" \u00b7 "_s);
    if (active > 0)
        lines << tr("\u2193 %1").arg(TaskTableModel::formatSpeed(double(speed), locale));
    if (const int p = percent(); p >= 0) {
        lines << tr("%1% of %n download(s): %2 of %3", "", downloads)
                     .arg(locale.toString(p), TaskTableModel::formatSize(done, locale),
                          TaskTableModel::formatSize(total, locale));
    }
    return lines.join(u'\n');
}

} // namespace Ferry
