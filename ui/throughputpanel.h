#pragma once

#include "engine/tasksnapshot.h"
#include "throughputsampler.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QComboBox;

namespace Ferry {

class ThroughputGraph;

// The throughput dock's content: the graph and the choice of its window (1, 5 or 30 minutes). Fed
// the engine's snapshot batches (EngineHost connects them); repaints once per batch, so never more
// often than the engine flushes, and once a second while nothing changes so the lines move on.
class ThroughputPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThroughputPanel)

public:
    explicit ThroughputPanel(QWidget *parent = nullptr);

    const ThroughputSampler &sampler() const { return m_sampler; }
    ThroughputGraph *graph() const { return m_graph; }

public Q_SLOTS:
    void applySnapshots(const QList<Ferry::TaskSnapshot> &batch);
    void removeTasks(const QList<Ferry::TaskId> &ids);

private:
    void tick();

    ThroughputSampler m_sampler;
    QElapsedTimer m_clock;
    QTimer m_idleTimer;
    // Batches come up to 30 times a second, but the graph's buckets are a second wide: it repaints
    // at most RepaintMs after a batch, not once per batch (its antialiased, dashed curves made it the
    // window's second most expensive paint under load).
    static constexpr int RepaintMs = 250;
    QTimer m_repaintTimer;
    ThroughputGraph *m_graph = nullptr;
    QComboBox *m_windowBox = nullptr;
};

} // namespace Ferry
