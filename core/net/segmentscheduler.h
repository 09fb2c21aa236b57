#pragma once

#include "resumestate.h"

#include <QList>

#include <optional>
#include <vector>

namespace Ferry {

// How one download's bytes are shared among its connections: the even split once a 206 proves the
// server serves ranges, and work stealing when a connection runs dry (it takes over half of the
// largest remaining range, as aria2 does, so one slow connection does not hold up the end). Plain
// arithmetic over ranges, so the policy is tested without a server; Download applies the decisions.
class SegmentScheduler
{
public:
    explicit SegmentScheduler(qint64 minSegmentSize) : m_minSegmentSize(minSegmentSize) {}

    // How many connections a file of `total` bytes is worth: at most `wanted`, and no connection with
    // less than the minimum segment. Below 2 nothing is split.
    int connectionsFor(qint64 total, int wanted) const;

    // [0, total) in `count` ranges of equal length, the last taking the remainder.
    static QList<ResumeState::Range> evenSplit(qint64 total, int count);

    // A connection at work: the next byte it will receive and the end of its range (exclusive).
    struct Busy
    {
        qint64 position = 0;
        qint64 end = -1;
        qint64 remaining() const { return end - position; }
    };
    // Where an idle connection's new work comes from: `victim` (an index into the list given) keeps
    // [position, at), the idle one takes [at, end).
    struct Cut
    {
        int victim = -1;
        qint64 at = 0;
    };
    // The largest remaining range is cut in half; nothing when none has twice the minimum left
    // (two short requests cost more than one). Connections with an open end cannot be cut.
    std::optional<Cut> cutForIdle(const std::vector<Busy> &busy) const;

    // The first incomplete range that no connection claims (a resume with more ranges than
    // connections), or -1. `claimed` holds the range index of each connection.
    static int unclaimedRange(const QList<ResumeState::Range> &ranges, const std::vector<int> &claimed);

private:
    qint64 m_minSegmentSize;
};

} // namespace Ferry
