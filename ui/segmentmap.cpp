#include "segmentmap.h"

#include <QPainter>

using namespace Qt::StringLiterals;

namespace Ferry {

SegmentMap::SegmentMap(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"segmentMap"_s);
    setAccessibleName(tr("Segment map"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void SegmentMap::setRanges(const QList<DownloadDetails::Range> &ranges, qint64 total)
{
    const auto same = [](const DownloadDetails::Range &a, const DownloadDetails::Range &b) {
        return a.start == b.start && a.end == b.end && a.done == b.done && a.active == b.active;
    };
    if (total == m_total && std::equal(ranges.begin(), ranges.end(), m_ranges.begin(), m_ranges.end(), same))
        return;
    m_ranges = ranges;
    m_total = total;
    setToolTip(tr("%n range(s)", "", int(ranges.size())));
    update();
}

QSize SegmentMap::sizeHint() const
{
    return { 30 * fontMetrics().averageCharWidth(), fontMetrics().height() + 6 };
}

QSize SegmentMap::minimumSizeHint() const
{
    return { 10 * fontMetrics().averageCharWidth(), fontMetrics().height() + 6 };
}

void SegmentMap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette &pal = palette();
    const QRectF bar = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.fillRect(bar, pal.color(QPalette::Base));
    if (m_total > 0) {
        const auto xOf = [&](qint64 byte) { return bar.left() + bar.width() * double(byte) / double(m_total); };
        QColor done = pal.color(QPalette::Highlight);
        QColor active = done.lighter(130);
        for (const DownloadDetails::Range &r : std::as_const(m_ranges)) {
            const qint64 end = r.end < 0 ? m_total : r.end;
            const QRectF cell(QPointF(xOf(r.start), bar.top()), QPointF(xOf(end), bar.bottom()));
            const QRectF filled(cell.topLeft(), QPointF(xOf(std::min(end, r.start + r.done)), cell.bottom()));
            painter.fillRect(filled, r.active ? active : done);
            if (r.active) {
                painter.setPen(QPen(pal.color(QPalette::Text), 2));
                painter.drawLine(filled.topRight(), filled.bottomRight());  // where the connection writes
            }
            painter.setPen(pal.color(QPalette::Mid));
            painter.drawLine(cell.topLeft(), cell.bottomLeft());
        }
    }
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawRect(bar);
}

} // namespace Ferry
