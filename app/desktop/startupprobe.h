#pragma once

#include "engine/tasksnapshot.h"

#include <QElapsedTimer>
#include <QObject>

namespace Ferry {

class EngineHost;

// `ferry --measure-startup` (hidden): times the start against the 300 ms goal and prints, on stdout,
// "name value" lines: first_paint_ms (the task view painted for the first time), store_loaded_ms (the
// last session's tasks reached the model), tasks_painted_ms (the first paint showing them), tasks,
// rss_painted_mb and rss_settled_mb (one second later); then it quits. Times count from main().
// scripts/bench-responsiveness.sh runs it against a store of 10,000 tasks.
class StartupProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupProbe)

public:
    // view: the widget whose paint counts (the task table's viewport).
    StartupProbe(QElapsedTimer sinceMain, QWidget *view, EngineHost *engine);
    ~StartupProbe() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void painted(bool withTasks);
    void finish();

    QElapsedTimer m_sinceMain;
    QWidget *m_view;
    double m_firstPaintMs = -1;
    double m_storeLoadedMs = -1;
    double m_tasksPaintedMs = -1;
    qsizetype m_tasks = 0;
    bool m_paintPending = false;
};

} // namespace Ferry
