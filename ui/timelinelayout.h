#pragma once

#include <QPoint>
#include <QRectF>
#include <QtGlobal>

namespace Ferry {

class TimelineModel;

// Where things go on the timeline: the time <-> x mapping (zoom and horizontal scroll), lanes <-> y
// (vertical scroll), bar rectangles, hit-testing and the axis' tick step. Plain geometry: the view
// paints with it, tests measure with it.
//
// Layout, in viewport pixels: lane names in a gutter on the left, the time axis across the top, one
// row per lane below it.
class TimelineLayout
{
public:
    static constexpr double MinUsPerPixel = 1.0;             // a microsecond per pixel
    static constexpr double MaxUsPerPixel = 60.0 * 1e6;      // a minute per pixel
    static constexpr int HitTolerancePx = 3;

    void setMetrics(int gutterWidth, int axisHeight, int rowHeight);
    void setViewportSize(int width, int height);

    int gutterWidth() const { return m_gutter; }
    int axisHeight() const { return m_axis; }
    int rowHeight() const { return m_row; }
    int plotWidth() const { return std::max(1, m_width - m_gutter); }
    int plotHeight() const { return std::max(0, m_height - m_axis); }

    double usPerPixel() const { return m_usPerPixel; }
    void setUsPerPixel(double usPerPixel);
    // Zooms by factor (> 1 zooms in) keeping the time under x where it is.
    void zoomAt(double factor, double x);

    qint64 originUs() const { return m_originUs; }  // the time at the plot's left edge
    void setOriginUs(qint64 us) { m_originUs = std::max<qint64>(0, us); }
    int scrollY() const { return m_scrollY; }
    void setScrollY(int y) { m_scrollY = std::max(0, y); }

    double xForTime(qint64 us) const { return m_gutter + double(us - m_originUs) / m_usPerPixel; }
    qint64 timeForX(double x) const { return m_originUs + qint64((x - m_gutter) * m_usPerPixel); }
    int laneAt(int y) const;  // -1 over the axis; may be past the last lane
    int yForLane(int lane) const { return m_axis + lane * m_row - m_scrollY; }

    // The bar of a span, at least a pixel wide so the shortest work still shows.
    QRectF barRect(const TimelineModel &model, int span) const;
    // The span under a viewport point, or -1.
    int spanAt(const TimelineModel &model, QPoint point) const;

    // A round time step (1, 2 or 5 times a power of ten microseconds) at least minPixels apart.
    qint64 tickStepUs(int minPixels) const;

private:
    int m_gutter = 0;
    int m_axis = 0;
    int m_row = 1;
    int m_width = 0;
    int m_height = 0;
    double m_usPerPixel = 10'000.0;  // 10 ms per pixel: a second is 100 px
    qint64 m_originUs = 0;
    int m_scrollY = 0;
};

} // namespace Ferry
