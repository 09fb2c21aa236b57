#pragma once

#include "task/taskgraph.h"
#include "labelcache.h"
#include "timelinelayout.h"

#include <QAbstractScrollArea>
#include <QElapsedTimer>
#include <QTimer>

namespace Ferry {

class TimelineModel;

// What ran when: one row per worker lane and per download connection, time across, a bar per span
// coloured by step kind and patterned by outcome (see TimelineLegend). Running bars grow while work
// runs; "follow now" keeps the present in view. Ctrl+wheel or +/- zoom, 0 fits everything. A click
// on a bar, or Enter on the current bar (arrow keys move it), reports its task.
class TimelineView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineView)

public:
    explicit TimelineView(TimelineModel *model, QWidget *parent = nullptr);
    ~TimelineView() override;

    const TimelineLayout &layout() const { return m_layout; }
    bool followNow() const { return m_follow; }
    TaskId selectedTask() const { return m_selected; }
    int currentSpan() const { return m_current; }
    // The tooltip text of a span: task, step, duration, outcome.
    QString describe(int span) const;

    static QString formatDuration(qint64 us);
    QSize sizeHint() const override;

public Q_SLOTS:
    void setFollowNow(bool on);
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    // Stops following and zooms so [fromUs, toUs] fills most of the view.
    void showRange(qint64 fromUs, qint64 toUs);
    // Outlines the bars of a task (the one selected in the queue); 0 for none.
    void setSelectedTask(Ferry::TaskId task);

Q_SIGNALS:
    void taskClicked(Ferry::TaskId task);
    void followNowChanged(bool on);
    void zoomChanged(double usPerPixel);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void onModelChanged();
    void tick();
    void updateMetrics();
    void updateScrollBars();
    void followToNow();
    void zoomAround(double factor, double x);
    qint64 contentEndUs() const;
    void moveCurrent(int lanes, int spans);
    void setCurrent(int span);
    void activate(int span);
    QString tickLabel(qint64 us, qint64 step) const;
    void paintAxis(QPainter &painter, qint64 step);
    void paintLanes(QPainter &painter, qint64 step);

    TimelineModel *m_model;
    TimelineLayout m_layout;
    LabelCache m_labels;  // bar, lane and tick labels: the view repaints 30 times a second while work runs
    QTimer m_frameTimer;  // repaints growing bars, at most every engine flush (33 ms)
    bool m_follow = true;
    bool m_syncingScrollBars = false;
    // Since the frames last moved the scroll bars: a bar's handle creeps a pixel at a time while
    // following "now", and repainting it every frame was the GUI thread's largest paint under load.
    QElapsedTimer m_scrollBarsSynced;
    TaskId m_selected = 0;
    int m_current = -1;  // the bar the arrow keys move; its task and start find it again after an update
    TaskId m_currentTask = 0;
    qint64 m_currentStartUs = 0;
};

} // namespace Ferry
