#include "segmentscheduler.h"

#include <algorithm>

namespace Ferry {

int SegmentScheduler::connectionsFor(qint64 total, int wanted) const
{
    if (wanted <= 1 || m_minSegmentSize <= 0 || total < 2 * m_minSegmentSize)
        return 1;
    return int(std::min<qint64>(wanted, total / m_minSegmentSize));
}

QList<ResumeState::Range> SegmentScheduler::evenSplit(qint64 total, int count)
{
    Q_ASSERT(total >= 0 && count >= 1);
    const qint64 chunk = total / count;
    QList<ResumeState::Range> ranges;
    ranges.reserve(count);
    for (int i = 0; i < count; ++i)
        ranges.append({ i * chunk, i == count - 1 ? total : (i + 1) * chunk, 0 });
    return ranges;
}

std::optional<SegmentScheduler::Cut> SegmentScheduler::cutForIdle(const std::vector<Busy> &busy) const
{
    int victim = -1;
    for (int i = 0; i < int(busy.size()); ++i) {
        if (busy[size_t(i)].end >= 0 && (victim < 0 || busy[size_t(i)].remaining() > busy[size_t(victim)].remaining()))
            victim = i;
    }
    if (victim < 0 || busy[size_t(victim)].remaining() < 2 * m_minSegmentSize)
        return std::nullopt;
    const Busy &b = busy[size_t(victim)];
    return Cut{ victim, b.position + b.remaining() / 2 };
}

int SegmentScheduler::unclaimedRange(const QList<ResumeState::Range> &ranges, const std::vector<int> &claimed)
{
    for (int i = 0; i < ranges.size(); ++i) {
        if (!ranges[i].isComplete() && std::find(claimed.begin(), claimed.end(), i) == claimed.end())
            return i;
    }
    return -1;
}

} // namespace Ferry
