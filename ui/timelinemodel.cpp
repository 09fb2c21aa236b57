#include "timelinemodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

int workerNumber(const QString &lane)
{
    static const QString prefix = u"worker "_s;
    if (!lane.startsWith(prefix))
        return 0;
    bool ok = false;
    const int n = QStringView(lane).mid(prefix.size()).toInt(&ok);
    return ok && n > 0 ? n : 0;
}

} // namespace

TimelineModel::TimelineModel(QObject *parent) : QObject(parent)
{
    m_sinceAnchor.start();
}

TimelineModel::~TimelineModel() = default;

qint64 TimelineModel::nowUs() const
{
    return m_anchorUs + m_sinceAnchor.nsecsElapsed() / 1000;
}

void TimelineModel::clear()
{
    m_spans.clear();
    m_runningFrom = 0;
    m_lanes.clear();
    m_laneOf.clear();
    m_laneByName.clear();
    m_dropped = 0;
    Q_EMIT changed();
}

// Worker lanes stay on top in number order, whenever they first appear; below them the other lanes
// are grouped by task, in order of appearance within a task. A new lane moves the ones after it down.
int TimelineModel::laneIndex(const TaskTraceSpan &span)
{
    const QString &name = span.lane;
    if (const auto it = m_laneByName.constFind(name); it != m_laneByName.cend())
        return it.value();
    Lane lane;
    lane.name = name;
    lane.worker = workerNumber(name);
    lane.task = lane.worker > 0 ? 0 : span.task;
    const auto after = [&lane](const Lane &l) {
        if (lane.worker > 0)
            return l.worker == 0 || l.worker > lane.worker;
        return l.worker == 0 && l.task > lane.task;
    };
    const int at = int(std::find_if(m_lanes.cbegin(), m_lanes.cend(), after) - m_lanes.cbegin());
    m_lanes.insert(at, lane);
    if (at < m_lanes.size() - 1) {
        for (int &l : m_laneOf) {
            if (l >= at)
                ++l;
        }
        for (auto it = m_laneByName.begin(); it != m_laneByName.end(); ++it) {
            if (it.value() >= at)
                ++it.value();
        }
    }
    m_laneByName.insert(name, at);
    return at;
}

void TimelineModel::apply(const TraceUpdate &update)
{
    // The running set is replaced whole; finished spans are only ever added.
    for (Lane &lane : m_lanes)
        lane.running.clear();
    m_spans.resize(m_runningFrom);
    m_laneOf.resize(m_runningFrom);
    for (const TaskTraceSpan &span : update.finished) {
        const int lane = laneIndex(span);
        const int index = int(m_spans.size());
        m_spans.append(span);
        m_laneOf.append(lane);
        Lane &l = m_lanes[lane];
        // Spans arrive as they end, so nearly in start order: the insert point is at or near the end.
        const auto at = std::upper_bound(l.spans.begin(), l.spans.end(), span.startUs,
                                         [this](qint64 start, int i) { return start < m_spans.at(i).startUs; });
        l.spans.insert(at, index);
        l.longestUs = std::max(l.longestUs, span.endUs - span.startUs);
    }
    dropOldest();
    m_runningFrom = m_spans.size();
    for (const TaskTraceSpan &span : update.running) {
        const int lane = laneIndex(span);
        m_lanes[lane].running.append(int(m_spans.size()));
        m_spans.append(span);
        m_laneOf.append(lane);
    }
    m_anchorUs = update.nowUs;
    m_sinceAnchor.start();
    Q_EMIT changed();
}

// Called between the finished spans and the running ones, so m_spans holds only finished ones and no
// lane has running spans. The slack keeps this O(spans) pass rare: once per maxFinished / 8 spans.
void TimelineModel::dropOldest()
{
    const qsizetype finished = m_spans.size();
    if (finished <= qsizetype(m_maxFinished) + m_maxFinished / 8)
        return;
    const int drop = int(finished - m_maxFinished);
    m_spans.remove(0, drop);
    m_laneOf.remove(0, drop);
    m_dropped += drop;

    // Renumber what is left; a lane left with nothing goes (a running span there makes it again).
    QList<int> newIndex(m_lanes.size(), -1);
    QList<Lane> lanes;
    m_laneByName.clear();
    for (int old = 0; old < m_lanes.size(); ++old) {
        Lane &lane = m_lanes[old];
        lane.spans.removeIf([drop](int i) { return i < drop; });
        if (lane.spans.isEmpty())
            continue;
        for (int &i : lane.spans)
            i -= drop;
        newIndex[old] = int(lanes.size());
        m_laneByName.insert(lane.name, int(lanes.size()));
        lanes.append(std::move(lane));
    }
    m_lanes = std::move(lanes);
    for (int &lane : m_laneOf)
        lane = newIndex.at(lane);
}

QList<int> TimelineModel::spansBetween(int lane, qint64 fromUs, qint64 toUs) const
{
    QList<int> result;
    if (lane < 0 || lane >= m_lanes.size())
        return result;
    const Lane &l = m_lanes.at(lane);
    // Nothing that starts before fromUs - longest can still be running at fromUs.
    auto it = std::lower_bound(l.spans.cbegin(), l.spans.cend(), fromUs - l.longestUs,
                               [this](int i, qint64 start) { return m_spans.at(i).startUs < start; });
    for (; it != l.spans.cend() && m_spans.at(*it).startUs < toUs; ++it) {
        if (m_spans.at(*it).endUs >= fromUs)
            result.append(*it);
    }
    const qint64 now = nowUs();
    for (int i : l.running) {
        const TaskTraceSpan &s = m_spans.at(i);
        if (s.startUs < toUs && std::max(s.startUs, now) >= fromUs)
            result.append(i);
    }
    return result;
}

int TimelineModel::spanAt(int lane, qint64 timeUs, qint64 toleranceUs) const
{
    int best = -1;
    qint64 bestLength = 0;
    for (int i : spansBetween(lane, timeUs - toleranceUs, timeUs + toleranceUs + 1)) {
        const qint64 length = endOf(m_spans.at(i)) - m_spans.at(i).startUs;
        if (best < 0 || length < bestLength) {
            best = i;
            bestLength = length;
        }
    }
    return best;
}

QList<TaskTraceSpan> TimelineModel::spansByLane() const
{
    QList<TaskTraceSpan> result;
    result.reserve(m_spans.size());
    for (const Lane &lane : m_lanes) {
        for (int i : lane.spans)
            result.append(m_spans.at(i));
        for (int i : lane.running)
            result.append(m_spans.at(i));
    }
    return result;
}

} // namespace Ferry
