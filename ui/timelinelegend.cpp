#include "timelinelegend.h"

#include "tasktablemodel.h"

#include <QPainter>

#include <algorithm>
#include <cstdlib>
#include <iterator>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// The kinds that do work worth a bar (Noop measures the scheduler and marks a group's end).
constexpr TaskKind shownKinds[] = {TaskKind::Download, TaskKind::Verify,    TaskKind::Extract,
                                   TaskKind::Decompress, TaskKind::Thumbnail, TaskKind::Hash,
                                   TaskKind::ChecksumList, TaskKind::Command, TaskKind::DeleteFile};

} // namespace

TimelineLegend::TimelineLegend(QWidget *parent) : QWidget(parent)
{
    setObjectName(u"timelineLegend"_s);
    setAccessibleName(tr("Timeline legend"));
    QStringList parts;
    for (const Entry &e : entries())
        parts << e.text;
    setAccessibleDescription(parts.join(u", "_s));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

TimelineLegend::~TimelineLegend() = default;

TimelineLegend::Outcome TimelineLegend::outcomeOf(const TaskTraceSpan &span)
{
    if (span.isRunning())
        return Outcome::Running;
    if (span.outcome == u"ok"_s)
        return Outcome::Ok;
    if (span.outcome == u"stopped"_s || span.outcome.startsWith(u"cancelled"_s, Qt::CaseInsensitive))
        return Outcome::Stopped;
    return Outcome::Failed;
}

QString TimelineLegend::outcomeText(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Running: return tr("Running");
    case Outcome::Ok: return tr("Done");
    case Outcome::Stopped: return tr("Stopped");
    case Outcome::Failed: return tr("Failed");
    }
    return {};
}

QColor TimelineLegend::kindColor(TaskKind kind, const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Highlight).toHsv();
    const int index = int(std::find(std::begin(shownKinds), std::end(shownKinds), kind) - std::begin(shownKinds));
    const int hue = ((base.hue() < 0 ? 210 : base.hue()) + index * 360 / int(std::size(shownKinds))) % 360;
    // Light enough to read text on in a light theme, not glaring in a dark one.
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    return QColor::fromHsv(hue, std::clamp(base.saturation(), 90, 160), dark ? 170 : 225);
}

QColor TimelineLegend::textOn(const QColor &background, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const int l = background.lightness();
    return std::abs(text.lightness() - l) >= std::abs(base.lightness() - l) ? text : base;
}

void TimelineLegend::paintBar(QPainter &painter, const QRectF &rect, TaskKind kind, Outcome outcome,
                              const QPalette &palette)
{
    const QColor fill = kindColor(kind, palette);
    const QColor ink = palette.color(QPalette::Text);
    painter.save();
    switch (outcome) {
    case Outcome::Ok:
        painter.fillRect(rect, fill);
        break;
    case Outcome::Running:
        // Growing: the fill with its outline dashed.
        painter.fillRect(rect, fill);
        if (rect.width() > 3) {
            painter.setPen(QPen(fill.darker(170), 1, Qt::DashLine));
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        break;
    case Outcome::Stopped:
        painter.fillRect(rect, QBrush(fill, Qt::Dense4Pattern));
        if (rect.width() > 3) {
            painter.setPen(QPen(fill.darker(150), 1));
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        break;
    case Outcome::Failed:
        painter.fillRect(rect, fill);
        painter.fillRect(rect, QBrush(ink, Qt::BDiagPattern));
        if (rect.width() > 3) {
            painter.setPen(QPen(ink, 1));
            painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        break;
    }
    painter.restore();
}

QList<TimelineLegend::Entry> TimelineLegend::entries() const
{
    QList<Entry> list;
    for (TaskKind kind : shownKinds)
        list.append({TaskTableModel::kindText(kind), kind, Outcome::Ok});
    for (Outcome outcome : {Outcome::Running, Outcome::Stopped, Outcome::Failed})
        list.append({outcomeText(outcome), TaskKind::Download, outcome});
    return list;
}

int TimelineLegend::swatchWidth() const
{
    return fontMetrics().height() * 3 / 2;
}

QSize TimelineLegend::sizeHint() const
{
    int width = 0;
    for (const Entry &e : entries())
        width += swatchWidth() + fontMetrics().horizontalAdvance(e.text) + 2 * fontMetrics().averageCharWidth();
    return {width, fontMetrics().height() + 6};
}

QSize TimelineLegend::minimumSizeHint() const
{
    return {0, fontMetrics().height() + 6};
}

void TimelineLegend::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const int h = fontMetrics().height();
    const int gap = fontMetrics().averageCharWidth();
    int x = gap;
    const QList<Entry> list = entries();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Entry &e = list.at(i);
        // The outcome swatches share the download colour: only their pattern and outline matter.
        if (i == qsizetype(std::size(shownKinds)))
            x += 2 * gap;
        const QRectF swatch(x, 3 + h / 6.0, swatchWidth(), h * 2 / 3.0);
        paintBar(painter, swatch, e.kind, e.outcome, palette());
        x += swatchWidth() + gap / 2;
        const int w = fontMetrics().horizontalAdvance(e.text);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(x, 3, w, h), Qt::AlignLeft | Qt::AlignVCenter, e.text);
        x += w + gap + gap / 2;
    }
}

} // namespace Ferry
