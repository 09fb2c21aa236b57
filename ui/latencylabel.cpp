#include "latencylabel.h"

#include <QLocale>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace Ferry {

LatencyLabel::LatencyLabel(QWidget *parent) : QLabel(parent)
{
    setObjectName(u"latencyLabel"_s);
    setAccessibleName(tr("Event loop lateness"));
    setToolTip(tr("How late the window's event loop runs a 16 ms timer over the last 5 seconds: a high "
                  "value means the window could not react or paint for that long."));
    m_monitor.setInterval(16ms);
    m_monitor.setWindow(5s);
    m_refresh.setInterval(500ms);
    connect(&m_refresh, &QTimer::timeout, this, &LatencyLabel::refresh);
    setText(tr("Lateness: measuring\u2026"));
}

LatencyLabel::~LatencyLabel() = default;

void LatencyLabel::showEvent(QShowEvent *event)
{
    QLabel::showEvent(event);
    m_monitor.clear();
    m_monitor.start();
    m_refresh.start();
}

void LatencyLabel::hideEvent(QHideEvent *event)
{
    m_refresh.stop();
    m_monitor.stop();
    QLabel::hideEvent(event);
}

void LatencyLabel::refresh()
{
    const LatencyMonitor::Summary s = m_monitor.summary();
    if (s.samples == 0)
        return;
    const QLocale locale;
    const auto ms = [&locale](double value) { return locale.toString(value, 'f', 1); };
    setText(tr("Lateness p50 %1 ms \u00b7 p99 %2 ms \u00b7 max %3 ms").arg(ms(s.p50Ms), ms(s.p99Ms), ms(s.maxMs)));
}

} // namespace Ferry
