#include "startupprobe.h"

#include "enginehost.h"
#include "util/residentmemory.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace Ferry {

namespace {

double megabytes(qint64 bytes)
{
    return bytes < 0 ? -1.0 : double(bytes) / 1e6;
}

} // namespace

StartupProbe::StartupProbe(QElapsedTimer sinceMain, QWidget *view, EngineHost *engine)
    : m_sinceMain(sinceMain), m_view(view)
{
    Q_ASSERT(m_sinceMain.isValid() && view && engine);
    view->installEventFilter(this);
    // Connected after the model, so the rows are in it when this runs.
    connect(engine, &EngineHost::storeOpened, this, [this](const QList<TaskSnapshot> &tasks) {
        m_storeLoadedMs = double(m_sinceMain.nsecsElapsed()) / 1e6;
        m_tasks = tasks.size();
        m_view->update();  // an empty store inserts no rows; the next paint still counts
    });
}

StartupProbe::~StartupProbe() = default;

bool StartupProbe::eventFilter(QObject *watched, QEvent *event)
{
    // The paint event arrives before the widget paints: take the time on the next turn of the loop,
    // once the painting and the flush to the screen are done.
    if (watched == m_view && event->type() == QEvent::Paint && !m_paintPending) {
        m_paintPending = true;
        const bool withTasks = m_storeLoadedMs >= 0;  // this paint shows the rows
        QTimer::singleShot(0, this, [this, withTasks] { painted(withTasks); });
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::painted(bool withTasks)
{
    m_paintPending = false;
    const double now = double(m_sinceMain.nsecsElapsed()) / 1e6;
    if (m_firstPaintMs < 0)
        m_firstPaintMs = now;
    if (withTasks && m_tasksPaintedMs < 0) {
        m_tasksPaintedMs = now;
        m_view->removeEventFilter(this);
        // At once, so a benchmark reading the pipe can time the launch to here as well.
        std::printf("first_paint_ms %.1f\nstore_loaded_ms %.1f\ntasks_painted_ms %.1f\ntasks %lld\n"
                    "rss_painted_mb %.1f\n",
                    m_firstPaintMs, m_storeLoadedMs, m_tasksPaintedMs, static_cast<long long>(m_tasks),
                    megabytes(residentMemoryBytes()));
        std::fflush(stdout);
        QTimer::singleShot(1000, this, &StartupProbe::finish);
    }
}

void StartupProbe::finish()
{
    std::printf("rss_settled_mb %.1f\n", megabytes(residentMemoryBytes()));
    std::fflush(stdout);
    QCoreApplication::quit();
}

} // namespace Ferry
