#pragma once

#include "engine/tracefeed.h"

#include <QThreadPool>
#include <QWidget>

class QAction;
class QLabel;

namespace Ferry {

class TimelineModel;
class TimelineView;

// The timeline dock's content: zoom and follow controls, the legend, the view, and "Export trace…",
// which writes what the timeline holds as Chrome Trace Event JSON (for Perfetto) on a thread of its
// own. Owns the TimelineModel that EngineHost feeds.
class TimelinePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelinePanel)

public:
    explicit TimelinePanel(QWidget *parent = nullptr);
    ~TimelinePanel() override;

    TimelineModel *model() const { return m_model; }
    TimelineView *view() const { return m_view; }
    QAction *exportAction() const { return m_exportAction; }

public Q_SLOTS:
    // Asks where to save (a non-modal dialog), then exports there.
    void chooseExportFile();
    // Writes the trace to path off the GUI thread; exportFinished tells how it went.
    void exportTo(const QString &path);

Q_SIGNALS:
    void taskClicked(Ferry::TaskId task);
    // error is empty on success.
    void exportFinished(const QString &path, const QString &error);

private:
    TimelineModel *m_model;
    TimelineView *m_view;
    QAction *m_exportAction;
    QLabel *m_status;
    QThreadPool m_pool;  // exports: one at a time, never on the GUI thread
};

} // namespace Ferry
