#include "throughputgraph.h"

#include "tasktablemodel.h"
#include "throughputsampler.h"

#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QColor downloadColor(const QPalette &palette)
{
    return palette.color(QPalette::Highlight);
}

QColor processingColor(const QPalette &palette)
{
    return palette.color(QPalette::LinkVisited);
}

} // namespace

ThroughputGraph::ThroughputGraph(const ThroughputSampler *sampler, QWidget *parent)
    : QWidget(parent), m_sampler(sampler)
{
    Q_ASSERT(sampler);
    setObjectName(u"throughputGraph"_s);
    setAccessibleName(tr("Throughput graph"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ThroughputGraph::setWindowSeconds(int seconds)
{
    seconds = std::clamp(seconds, 2, m_sampler->capacity());
    if (seconds == m_windowSeconds)
        return;
    m_windowSeconds = seconds;
    update();
}

QSize ThroughputGraph::sizeHint() const
{
    return { 40 * fontMetrics().averageCharWidth(), 8 * fontMetrics().height() };
}

QSize ThroughputGraph::minimumSizeHint() const
{
    return { 20 * fontMetrics().averageCharWidth(), 5 * fontMetrics().height() };
}

double ThroughputGraph::niceCeiling(double value)
{
    if (value <= 0)
        return 1024;  // an idle graph still has a scale: 1 KiB/s
    const double power = std::pow(1024.0, std::floor(std::log(value) / std::log(1024.0)));
    for (const double step : { 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1024.0 }) {
        if (value <= step * power)
            return step * power;
    }
    return 1024 * power;
}

void ThroughputGraph::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette &pal = palette();
    painter.fillRect(rect(), pal.color(QPalette::Base));
    const QFontMetrics fm = fontMetrics();
    const int pad = fm.averageCharWidth();

    const ThroughputSampler::Sample now = m_sampler->current();
    const ThroughputSampler::Sample top = m_sampler->maximum(m_windowSeconds);
    const double scale = niceCeiling(std::max({ top.download, top.processing, now.download }));

    // Current values, each in its series' colour, above the plot.
    const QString downText = tr("Download %1").arg(TaskTableModel::formatSpeed(now.download));
    const QString procText = tr("Processing %1").arg(TaskTableModel::formatSpeed(now.processing));
    int x = pad;
    const int baseline = pad + fm.ascent();
    const int swatch = fm.ascent() - 2;
    for (const auto &[text, colour, dashed] : { std::tuple{ downText, downloadColor(pal), false },
                                                std::tuple{ procText, processingColor(pal), true } }) {
        painter.setPen(QPen(colour, 2, dashed ? Qt::DashLine : Qt::SolidLine));
        painter.drawLine(x, baseline - swatch / 2, x + swatch, baseline - swatch / 2);
        x += swatch + pad / 2;
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(x, baseline, text);
        x += fm.horizontalAdvance(text) + 2 * pad;
    }

    const QRectF plot(pad, baseline + fm.descent() + pad, width() - 2 * pad,
                      height() - (baseline + fm.descent() + pad) - fm.height() - pad);
    if (plot.width() < 4 || plot.height() < 4)
        return;

    // Grid: the top of the scale and its half, labelled on the left; the time span below.
    painter.setPen(QPen(pal.color(QPalette::Mid), 1, Qt::DotLine));
    painter.drawRect(plot);
    painter.drawLine(QPointF(plot.left(), plot.center().y()), QPointF(plot.right(), plot.center().y()));
    painter.setPen(pal.color(QPalette::PlaceholderText));
    painter.drawText(QPointF(plot.left() + 2, plot.top() + fm.ascent()), TaskTableModel::formatSpeed(scale));
    const QString span = m_windowSeconds >= 60 ? tr("last %n min", "", m_windowSeconds / 60)
                                               : tr("last %n s", "", m_windowSeconds);
    painter.drawText(QPointF(plot.left(), plot.bottom() + fm.ascent() + 2), span);
    const QString nowText = tr("now");
    painter.drawText(QPointF(plot.right() - fm.horizontalAdvance(nowText), plot.bottom() + fm.ascent() + 2), nowText);

    // One point per pixel column at most: the largest second it covers.
    const QList<ThroughputSampler::Sample> samples = m_sampler->window(m_windowSeconds);
    const int columns = std::max(2, std::min(int(samples.size()), int(plot.width())));
    QPolygonF down(columns), proc(columns);
    for (int c = 0; c < columns; ++c) {
        const qsizetype from = qsizetype(c) * samples.size() / columns;
        const qsizetype to = std::max(from + 1, qsizetype(c + 1) * samples.size() / columns);
        double d = 0, p = 0;
        for (qsizetype i = from; i < to && i < samples.size(); ++i) {
            d = std::max(d, samples[i].download);
            p = std::max(p, samples[i].processing);
        }
        const double px = plot.left() + plot.width() * c / (columns - 1);
        down[c] = QPointF(px, plot.bottom() - plot.height() * std::min(1.0, d / scale));
        proc[c] = QPointF(px, plot.bottom() - plot.height() * std::min(1.0, p / scale));
    }

    painter.setRenderHint(QPainter::Antialiasing);
    QPainterPath area;
    area.addPolygon(down);
    area.lineTo(plot.right(), plot.bottom());
    area.lineTo(plot.left(), plot.bottom());
    area.closeSubpath();
    QColor fill = downloadColor(pal);
    fill.setAlpha(60);
    painter.fillPath(area, fill);
    painter.setPen(QPen(downloadColor(pal), 1.5));
    painter.drawPolyline(down);
    painter.setPen(QPen(processingColor(pal), 1.5, Qt::DashLine));
    painter.drawPolyline(proc);
}

} // namespace Ferry
