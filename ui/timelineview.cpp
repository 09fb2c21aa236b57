#include "timelineview.h"

#include "tasktablemodel.h"
#include "timelinelegend.h"
#include "timelinemodel.h"

#include <QKeyEvent>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int FrameIntervalMs = 33;   // the engine's flush rate: nothing new to draw faster than that
constexpr int ScrollBarIntervalMs = 1000;  // live frames move the scroll bars this often (the user's at once)
constexpr double ZoomStep = 1.25;
constexpr double NowAt = 0.9;         // follow mode keeps "now" at this fraction of the plot's width
constexpr int MinTickSpacingPx = 80;

} // namespace

TimelineView::TimelineView(TimelineModel *model, QWidget *parent) : QAbstractScrollArea(parent), m_model(model)
{
    Q_ASSERT(model);
    setObjectName(u"timelineView"_s);
    setAccessibleName(tr("Timeline"));
    setAccessibleDescription(tr("Tasks as bars over time, one row per worker and per connection. "
                                "Arrow keys move between bars, Enter selects the task, plus and minus zoom."));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_frameTimer.setInterval(FrameIntervalMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &TimelineView::tick);
    connect(m_model, &TimelineModel::changed, this, &TimelineView::onModelChanged);
    // A drag or click on the bar means the user wants to look somewhere else than now.
    connect(horizontalScrollBar(), &QScrollBar::actionTriggered, this, [this](int action) {
        if (action != QAbstractSlider::SliderNoAction && action != QAbstractSlider::SliderMove)
            setFollowNow(false);
    });
    connect(horizontalScrollBar(), &QScrollBar::sliderPressed, this, [this] { setFollowNow(false); });
    updateMetrics();
}

TimelineView::~TimelineView() = default;

QString TimelineView::formatDuration(qint64 us)
{
    const QLocale locale;
    if (us < 1000)
        return tr("%1 µs").arg(us);
    if (us < 1'000'000)
        return tr("%1 ms").arg(locale.toString(double(us) / 1e3, 'f', 1));
    if (us < 60'000'000)
        return tr("%1 s").arg(locale.toString(double(us) / 1e6, 'f', 2));
    const qint64 seconds = us / 1'000'000;
    return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
}

// Room for the axis and about ten lanes: enough to see a few downloads' connections and the workers.
QSize TimelineView::sizeHint() const
{
    return {60 * fontMetrics().averageCharWidth(), m_layout.axisHeight() + 10 * m_layout.rowHeight()};
}

QString TimelineView::describe(int span) const
{
    if (span < 0 || span >= m_model->spans().size())
        return {};
    const TaskTraceSpan &s = m_model->span(span);
    const TimelineLegend::Outcome outcome = TimelineLegend::outcomeOf(s);
    QString text = tr("#%1 %2").arg(s.task).arg(s.title);
    text += u'\n' + tr("%1: %2").arg(TaskTableModel::kindText(s.kind), s.name);
    text += u'\n' + tr("%1 on %2").arg(formatDuration(m_model->endOf(s) - s.startUs), s.lane);
    if (s.bytes > 0)
        text += u'\n' + TaskTableModel::formatSize(s.bytes);
    QString result = TimelineLegend::outcomeText(outcome);
    if (outcome == TimelineLegend::Outcome::Failed || outcome == TimelineLegend::Outcome::Stopped)
        result = tr("%1: %2").arg(result, s.outcome);
    return text + u'\n' + result;
}

void TimelineView::updateMetrics()
{
    const QFontMetrics fm = fontMetrics();
    const int gutter = fm.horizontalAdvance(u"task 0000 · connection 00"_s) + 2 * fm.averageCharWidth();
    m_layout.setMetrics(std::min(gutter, std::max(60, viewport()->width() / 3)), fm.height() + 8, fm.height() + 8);
    m_layout.setViewportSize(viewport()->width(), viewport()->height());
    updateScrollBars();
}

qint64 TimelineView::contentEndUs() const
{
    return std::max<qint64>(m_model->nowUs(), 1);
}

void TimelineView::updateScrollBars()
{
    m_syncingScrollBars = true;
    const int plot = m_layout.plotWidth();
    const double contentPx = double(contentEndUs()) / m_layout.usPerPixel() / NowAt;
    const int maxX = int(std::min<double>(std::max(0.0, contentPx - plot), std::numeric_limits<int>::max() / 2));
    horizontalScrollBar()->setRange(0, maxX);
    horizontalScrollBar()->setPageStep(plot);
    horizontalScrollBar()->setSingleStep(std::max(1, plot / 20));
    horizontalScrollBar()->setValue(int(std::min<double>(maxX, double(m_layout.originUs()) / m_layout.usPerPixel())));
    const int contentHeight = int(m_model->lanes().size()) * m_layout.rowHeight();
    verticalScrollBar()->setRange(0, std::max(0, contentHeight - m_layout.plotHeight()));
    verticalScrollBar()->setPageStep(std::max(1, m_layout.plotHeight()));
    verticalScrollBar()->setSingleStep(m_layout.rowHeight());
    m_layout.setScrollY(verticalScrollBar()->value());
    m_syncingScrollBars = false;
}

void TimelineView::scrollContentsBy(int, int)
{
    if (m_syncingScrollBars)
        return;
    m_layout.setOriginUs(qint64(horizontalScrollBar()->value() * m_layout.usPerPixel()));
    m_layout.setScrollY(verticalScrollBar()->value());
    viewport()->update();
}

void TimelineView::followToNow()
{
    m_layout.setOriginUs(m_model->nowUs() - qint64(m_layout.plotWidth() * NowAt * m_layout.usPerPixel()));
}

void TimelineView::setFollowNow(bool on)
{
    if (m_follow == on)
        return;
    m_follow = on;
    if (on) {
        followToNow();
        updateScrollBars();
        viewport()->update();
    }
    tick();
    Q_EMIT followNowChanged(on);
}

void TimelineView::onModelChanged()
{
    // Running spans are replaced by every update, so the current bar's index may have moved.
    if (m_current >= 0) {
        const auto same = [this](int i) {
            return i < m_model->spans().size() && m_model->span(i).task == m_currentTask
                && m_model->span(i).startUs == m_currentStartUs;
        };
        if (!same(m_current)) {
            int found = -1;
            for (int i = int(m_model->spans().size()) - 1; i >= 0 && found < 0; --i)
                found = same(i) ? i : -1;
            m_current = found;
        }
    }
    // While bars grow, the frame timer paints (at the engine's flush rate): painting here too would
    // double the frames, since the model's updates and the timer keep different phases.
    if (m_frameTimer.isActive())
        return;
    if (isVisible() && m_model->hasRunning())
        m_frameTimer.start();
    tick();
}

// One frame: keep now in view while following, and repaint. Runs while something grows.
void TimelineView::tick()
{
    if (m_follow)
        followToNow();
    if (!m_scrollBarsSynced.isValid() || m_scrollBarsSynced.elapsed() >= ScrollBarIntervalMs) {
        updateScrollBars();
        m_scrollBarsSynced.start();
    }
    viewport()->update();
    if (!m_model->hasRunning() || !isVisible())
        m_frameTimer.stop();
}

void TimelineView::zoomAround(double factor, double x)
{
    m_layout.zoomAt(factor, x);
    if (m_follow)
        followToNow();
    updateScrollBars();
    viewport()->update();
    Q_EMIT zoomChanged(m_layout.usPerPixel());
}

void TimelineView::zoomIn()
{
    zoomAround(ZoomStep, m_layout.gutterWidth() + m_layout.plotWidth() * (m_follow ? NowAt : 0.5));
}

void TimelineView::zoomOut()
{
    zoomAround(1.0 / ZoomStep, m_layout.gutterWidth() + m_layout.plotWidth() * (m_follow ? NowAt : 0.5));
}

void TimelineView::zoomToFit()
{
    m_layout.setUsPerPixel(double(contentEndUs()) / (m_layout.plotWidth() * NowAt));
    m_layout.setOriginUs(0);
    updateScrollBars();
    viewport()->update();
    Q_EMIT zoomChanged(m_layout.usPerPixel());
}

void TimelineView::showRange(qint64 fromUs, qint64 toUs)
{
    setFollowNow(false);
    const qint64 length = std::max<qint64>(1, toUs - fromUs);
    m_layout.setUsPerPixel(double(length) / (m_layout.plotWidth() * 0.8));
    m_layout.setOriginUs(fromUs - qint64(length * 0.1));
    updateScrollBars();
    viewport()->update();
    Q_EMIT zoomChanged(m_layout.usPerPixel());
}

void TimelineView::setSelectedTask(TaskId task)
{
    if (m_selected == task)
        return;
    m_selected = task;
    viewport()->update();
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateMetrics();
    if (m_follow)
        followToNow();
    updateScrollBars();
}

void TimelineView::showEvent(QShowEvent *event)
{
    QAbstractScrollArea::showEvent(event);
    onModelChanged();
}

void TimelineView::hideEvent(QHideEvent *event)
{
    QAbstractScrollArea::hideEvent(event);
    m_frameTimer.stop();  // a hidden timeline costs nothing
}

void TimelineView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateMetrics();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int steps = event->angleDelta().y();
        if (steps != 0)
            zoomAround(std::pow(ZoomStep, steps / 120.0), event->position().x());
        event->accept();
        return;
    }
    if (event->angleDelta().x() != 0 || (event->modifiers() & Qt::ShiftModifier)) {
        const int delta = event->angleDelta().x() != 0 ? event->angleDelta().x() : event->angleDelta().y();
        setFollowNow(false);
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta * horizontalScrollBar()->singleStep() / 120);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        setFollowNow(false);
        zoomToFit();
        return;
    case Qt::Key_End:
        setFollowNow(true);
        return;
    case Qt::Key_Home:
        setFollowNow(false);
        horizontalScrollBar()->setValue(0);
        return;
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        setFollowNow(false);
        horizontalScrollBar()->triggerAction(event->key() == Qt::Key_PageUp ? QAbstractSlider::SliderPageStepSub
                                                                             : QAbstractSlider::SliderPageStepAdd);
        return;
    case Qt::Key_Left: moveCurrent(0, -1); return;
    case Qt::Key_Right: moveCurrent(0, 1); return;
    case Qt::Key_Up: moveCurrent(-1, 0); return;
    case Qt::Key_Down: moveCurrent(1, 0); return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (m_current >= 0) {
            activate(m_current);
            return;
        }
        break;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

// Arrow keys walk the bars: left and right along a lane, up and down to the bar of the next lane
// nearest in time. The first press picks the bar nearest the middle of the view.
void TimelineView::moveCurrent(int lanes, int spans)
{
    const int laneCount = int(m_model->lanes().size());
    if (laneCount == 0)
        return;
    const auto laneSpans = [this](int lane) { return m_model->spansBetween(lane, 0, std::numeric_limits<qint64>::max()); };
    int lane = m_current >= 0 ? m_model->laneOf(m_current) : std::max(0, m_layout.laneAt(m_layout.axisHeight()));
    const qint64 at = m_current >= 0 ? m_model->span(m_current).startUs
                                     : m_layout.timeForX(m_layout.gutterWidth() + m_layout.plotWidth() / 2.0);
    lane = std::clamp(lane + lanes, 0, laneCount - 1);
    const QList<int> list = laneSpans(lane);
    if (list.isEmpty())
        return;
    int pick = 0;
    const auto own = list.indexOf(m_current);
    if (own >= 0 && lanes == 0) {
        pick = std::clamp(int(own) + spans, 0, int(list.size()) - 1);
    } else {
        qint64 best = std::numeric_limits<qint64>::max();
        for (int i = 0; i < list.size(); ++i) {
            const qint64 distance = std::abs(m_model->span(list.at(i)).startUs - at);
            if (distance < best) {
                best = distance;
                pick = i;
            }
        }
    }
    setCurrent(list.at(pick));
}

void TimelineView::setCurrent(int span)
{
    m_current = span;
    if (span >= 0) {
        m_currentTask = m_model->span(span).task;
        m_currentStartUs = m_model->span(span).startUs;
        // Bring it into view.
        const QRectF bar = m_layout.barRect(*m_model, span);
        if (bar.left() < m_layout.gutterWidth() || bar.left() > viewport()->width()) {
            setFollowNow(false);
            m_layout.setOriginUs(m_model->span(span).startUs - qint64(m_layout.plotWidth() / 4.0 * m_layout.usPerPixel()));
        }
        const int lane = m_model->laneOf(span);
        if (m_layout.yForLane(lane) < m_layout.axisHeight())
            verticalScrollBar()->setValue(lane * m_layout.rowHeight());
        else if (m_layout.yForLane(lane + 1) > viewport()->height())
            verticalScrollBar()->setValue((lane + 1) * m_layout.rowHeight() - m_layout.plotHeight());
        updateScrollBars();
        setAccessibleDescription(describe(span));
    }
    viewport()->update();
}

void TimelineView::activate(int span)
{
    const TaskId task = m_model->span(span).task;
    setSelectedTask(task);
    Q_EMIT taskClicked(task);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const int span = m_layout.spanAt(*m_model, event->position().toPoint());
    if (span < 0)
        return;
    setCurrent(span);
    activate(span);
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int span = m_layout.spanAt(*m_model, help->pos());
        if (span >= 0)
            QToolTip::showText(help->globalPos(), describe(span), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

QString TimelineView::tickLabel(qint64 us, qint64 step) const
{
    const QLocale locale;
    if (step >= 60'000'000) {
        const qint64 s = us / 1'000'000;
        return tr("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'));
    }
    if (step >= 1'000'000)
        return tr("%1 s").arg(us / 1'000'000);
    if (step >= 1000)
        return tr("%1 ms").arg(locale.toString(us / 1000));
    return tr("%1 µs").arg(locale.toString(us));
}

void TimelineView::paintAxis(QPainter &painter, qint64 step)
{
    const QPalette &pal = palette();
    const int width = viewport()->width();
    const QRect axis(0, 0, width, m_layout.axisHeight());
    painter.fillRect(axis, pal.color(QPalette::Button));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(axis.bottomLeft(), axis.bottomRight());
    painter.setPen(pal.color(QPalette::ButtonText));
    const qint64 first = std::max<qint64>(0, m_layout.timeForX(m_layout.gutterWidth()) / step * step);
    for (qint64 t = first; m_layout.xForTime(t) < width; t += step) {
        const int x = int(m_layout.xForTime(t));
        if (x < m_layout.gutterWidth())
            continue;
        painter.drawLine(x, axis.bottom() - 4, x, axis.bottom());
        m_labels.draw(painter, QRect(x + 3, 0, MinTickSpacingPx, axis.height() - 2), tickLabel(t, step), Qt::ElideRight);
    }
    painter.fillRect(QRect(0, 0, m_layout.gutterWidth(), axis.height()), pal.color(QPalette::Button));
    m_labels.draw(painter, QRect(4, 0, m_layout.gutterWidth() - 8, axis.height()),
                  m_follow ? tr("Following now") : tr("Time"), Qt::ElideRight);
}

void TimelineView::paintLanes(QPainter &painter, qint64 step)
{
    const QPalette &pal = palette();
    const int width = viewport()->width();
    const int height = viewport()->height();
    const int rowHeight = m_layout.rowHeight();
    const int firstLane = std::max(0, m_layout.laneAt(m_layout.axisHeight()));
    const int lastLane = std::min(int(m_model->lanes().size()) - 1, m_layout.laneAt(height));
    const qint64 from = m_layout.timeForX(m_layout.gutterWidth());
    const qint64 to = m_layout.timeForX(width) + 1;

    painter.save();
    painter.setClipRect(QRect(0, m_layout.axisHeight(), width, height - m_layout.axisHeight()));
    for (int lane = firstLane; lane <= lastLane; ++lane) {
        if (lane % 2)
            painter.fillRect(QRect(0, m_layout.yForLane(lane), width, rowHeight), pal.color(QPalette::AlternateBase));
    }
    // Grid lines at the ticks.
    painter.setPen(pal.color(QPalette::Midlight));
    for (qint64 t = std::max<qint64>(0, from / step * step); t < to; t += step) {
        const int x = int(m_layout.xForTime(t));
        if (x >= m_layout.gutterWidth())
            painter.drawLine(x, m_layout.axisHeight(), x, height);
    }

    painter.setClipRect(QRect(m_layout.gutterWidth(), m_layout.axisHeight(), width - m_layout.gutterWidth(),
                              height - m_layout.axisHeight()));
    const int minLabel = 4 * fontMetrics().averageCharWidth();
    for (int lane = firstLane; lane <= lastLane; ++lane) {
        for (int i : m_model->spansBetween(lane, from, to)) {
            const TaskTraceSpan &s = m_model->span(i);
            const QRectF bar = m_layout.barRect(*m_model, i);
            TimelineLegend::paintBar(painter, bar, s.kind, TimelineLegend::outcomeOf(s), pal);
            if (bar.width() > minLabel) {
                const QRectF visible = bar.intersected(QRectF(m_layout.gutterWidth(), 0, width, height));
                painter.setPen(TimelineLegend::textOn(TimelineLegend::kindColor(s.kind, pal), pal));
                m_labels.draw(painter, visible.adjusted(3, 0, -3, 0), s.title + u" · "_s + s.name, Qt::ElideRight);
            }
            if (s.task == m_selected || i == m_current) {
                painter.setPen(QPen(pal.color(QPalette::Highlight), 2, i == m_current ? Qt::DotLine : Qt::SolidLine));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(bar.adjusted(-1, -1, 1, 1));
            }
        }
    }
    // Now.
    const double nowX = m_layout.xForTime(m_model->nowUs());
    painter.setPen(QPen(pal.color(QPalette::Highlight), 1));
    painter.drawLine(QPointF(nowX, m_layout.axisHeight()), QPointF(nowX, height));
    painter.restore();

    // Lane names in the gutter, over everything scrolled beneath them.
    painter.fillRect(QRect(0, m_layout.axisHeight(), m_layout.gutterWidth(), height), pal.color(QPalette::Window));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(m_layout.gutterWidth() - 1, m_layout.axisHeight(), m_layout.gutterWidth() - 1, height);
    painter.setPen(pal.color(QPalette::WindowText));
    painter.setClipRect(QRect(0, m_layout.axisHeight(), m_layout.gutterWidth(), height));
    for (int lane = firstLane; lane <= lastLane; ++lane) {
        const QRect row(6, m_layout.yForLane(lane), m_layout.gutterWidth() - 10, rowHeight);
        m_labels.draw(painter, row, m_model->lanes().at(lane).name, Qt::ElideMiddle);
    }
    painter.setClipping(false);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const qint64 step = m_layout.tickStepUs(MinTickSpacingPx);
    if (m_model->isEmpty()) {
        paintAxis(painter, step);
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect().adjusted(0, m_layout.axisHeight(), 0, 0), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Nothing has run yet. Downloads and steps appear here as bars while they run."));
        return;
    }
    paintLanes(painter, step);
    paintAxis(painter, step);
}

} // namespace Ferry
