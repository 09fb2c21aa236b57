#pragma once

#include "latencymonitor.h"

#include <QLabel>
#include <QTimer>

namespace Ferry {

// The hidden debug overlay (Preferences::latencyOverlay): a status-bar label with the GUI event loop's
// lateness over the last five seconds, refreshed twice a second. It measures only while shown, with a
// 16 ms timer (one frame at 60 Hz), so leaving it off costs nothing.
class LatencyLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LatencyLabel)

public:
    explicit LatencyLabel(QWidget *parent = nullptr);
    ~LatencyLabel() override;

    const LatencyMonitor &monitor() const { return m_monitor; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refresh();

    LatencyMonitor m_monitor;
    QTimer m_refresh;
};

} // namespace Ferry
