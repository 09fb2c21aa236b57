#include "timelinelayout.h"

#include "timelinemodel.h"

#include <algorithm>
#include <cmath>

namespace Ferry {

void TimelineLayout::setMetrics(int gutterWidth, int axisHeight, int rowHeight)
{
    m_gutter = std::max(0, gutterWidth);
    m_axis = std::max(0, axisHeight);
    m_row = std::max(1, rowHeight);
}

void TimelineLayout::setViewportSize(int width, int height)
{
    m_width = width;
    m_height = height;
}

void TimelineLayout::setUsPerPixel(double usPerPixel)
{
    m_usPerPixel = std::clamp(usPerPixel, MinUsPerPixel, MaxUsPerPixel);
}

void TimelineLayout::zoomAt(double factor, double x)
{
    if (factor <= 0)
        return;
    const qint64 anchor = timeForX(x);
    setUsPerPixel(m_usPerPixel / factor);
    setOriginUs(anchor - qint64((x - m_gutter) * m_usPerPixel));
}

int TimelineLayout::laneAt(int y) const
{
    if (y < m_axis)
        return -1;
    return (y - m_axis + m_scrollY) / m_row;
}

QRectF TimelineLayout::barRect(const TimelineModel &model, int span) const
{
    const TaskTraceSpan &s = model.span(span);
    const double left = xForTime(s.startUs);
    const double right = std::max(left + 1.0, xForTime(model.endOf(s)));
    const int top = yForLane(model.laneOf(span));
    // A gap between rows keeps neighbouring lanes apart.
    const int gap = std::max(1, m_row / 6);
    return QRectF(left, top + gap, right - left, m_row - 2 * gap);
}

int TimelineLayout::spanAt(const TimelineModel &model, QPoint point) const
{
    if (point.x() < m_gutter)
        return -1;
    const int lane = laneAt(point.y());
    if (lane < 0 || lane >= model.lanes().size())
        return -1;
    return model.spanAt(lane, timeForX(point.x()), qint64(HitTolerancePx * m_usPerPixel));
}

qint64 TimelineLayout::tickStepUs(int minPixels) const
{
    const double wanted = std::max(1.0, minPixels * m_usPerPixel);
    double power = std::pow(10.0, std::floor(std::log10(wanted)));
    for (;;) {
        for (double mantissa : {1.0, 2.0, 5.0}) {
            if (mantissa * power >= wanted)
                return std::max<qint64>(1, qint64(mantissa * power));
        }
        power *= 10.0;
    }
}

} // namespace Ferry
