#pragma once

#include <QWidget>

namespace Ferry {

class ThroughputSampler;

// Total download speed and processing throughput over the last minute, 5 or 30 minutes, painted
// as two lines with the current values written above them. Reads a ThroughputSampler it does not
// own; whoever feeds the sampler calls update(). Painting walks at most one point per pixel column
// (the largest of the seconds it covers, so short peaks stay visible): cheap at any window.
class ThroughputGraph final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThroughputGraph)

public:
    explicit ThroughputGraph(const ThroughputSampler *sampler, QWidget *parent = nullptr);

    int windowSeconds() const { return m_windowSeconds; }
    void setWindowSeconds(int seconds);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // The top of the scale for a largest value: 1, 2 or 5 times ten to the n of B, KiB, MiB or
    // GiB per second, so the grid reads as round numbers.
    static double niceCeiling(double value);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    const ThroughputSampler *m_sampler;
    int m_windowSeconds = 60;
};

} // namespace Ferry
