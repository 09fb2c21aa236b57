#include "timelinepanel.h"

#include "timelinelegend.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include <QAction>
#include <QBoxLayout>
#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QLabel>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStyle>
#include <QToolBar>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Runs on the export pool: builds the JSON and replaces the file only once all of it is written.
QString writeTrace(const QList<TaskTraceSpan> &spans, qint64 nowUs, qint64 droppedSpans, const QString &path)
{
    const QByteArray json = taskTraceToChromeJson(spans, nowUs, droppedSpans);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return TimelinePanel::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    if (file.write(json) != json.size() || !file.commit())
        return TimelinePanel::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

} // namespace

TimelinePanel::TimelinePanel(QWidget *parent)
    : QWidget(parent), m_model(new TimelineModel(this)), m_view(new TimelineView(m_model, this))
{
    setObjectName(u"timelinePanel"_s);
    m_pool.setMaxThreadCount(1);

    auto *toolBar = new QToolBar(this);
    toolBar->setObjectName(u"timelineToolBar"_s);
    toolBar->setAccessibleName(tr("Timeline controls"));
    toolBar->setIconSize(QSize(16, 16));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto *zoomIn = toolBar->addAction(QIcon::fromTheme(u"zoom-in"_s), tr("Zoom In"), m_view, &TimelineView::zoomIn);
    zoomIn->setObjectName(u"timelineZoomIn"_s);
    zoomIn->setToolTip(tr("Zoom in (+, Ctrl+wheel)"));
    auto *zoomOut = toolBar->addAction(QIcon::fromTheme(u"zoom-out"_s), tr("Zoom Out"), m_view, &TimelineView::zoomOut);
    zoomOut->setObjectName(u"timelineZoomOut"_s);
    zoomOut->setToolTip(tr("Zoom out (-, Ctrl+wheel)"));
    auto *fit = toolBar->addAction(QIcon::fromTheme(u"zoom-fit-best"_s), tr("Fit"), this, [this] {
        m_view->setFollowNow(false);
        m_view->zoomToFit();
    });
    fit->setObjectName(u"timelineFit"_s);
    fit->setToolTip(tr("Show the whole session (0)"));
    auto *follow = toolBar->addAction(QIcon::fromTheme(u"go-last"_s), tr("Follow Now"));
    follow->setObjectName(u"timelineFollow"_s);
    follow->setToolTip(tr("Keep the present in view (End)"));
    follow->setCheckable(true);
    follow->setChecked(m_view->followNow());
    connect(follow, &QAction::toggled, m_view, &TimelineView::setFollowNow);
    connect(m_view, &TimelineView::followNowChanged, follow, &QAction::setChecked);
    toolBar->addSeparator();
    m_exportAction = toolBar->addAction(QIcon::fromTheme(u"document-save-as"_s, style()->standardIcon(QStyle::SP_DialogSaveButton)),
                                        tr("Export Trace\u2026"), this, &TimelinePanel::chooseExportFile);
    m_exportAction->setObjectName(u"exportTraceAction"_s);
    m_exportAction->setToolTip(tr("Save the timeline as Chrome Trace Event JSON, which Perfetto opens"));

    m_status = new QLabel(this);
    m_status->setObjectName(u"timelineStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolBar);
    layout->addWidget(new TimelineLegend(this));
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);

    connect(m_view, &TimelineView::taskClicked, this, &TimelinePanel::taskClicked);
    connect(this, &TimelinePanel::exportFinished, this, [this](const QString &path, const QString &error) {
        m_status->setText(error.isEmpty() ? tr("Trace saved as %1").arg(QDir::toNativeSeparators(path)) : error);
        m_status->setVisible(true);
    });
}

TimelinePanel::~TimelinePanel()
{
    m_pool.waitForDone();  // an export in flight finishes its file (a few milliseconds)
}

void TimelinePanel::chooseExportFile()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    auto *dialog = new QFileDialog(this, tr("Export Trace"), QDir(folder).filePath(u"ferry-trace.json"_s),
                                   tr("Chrome trace (*.json)"));
    dialog->setObjectName(u"exportTraceDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(u"json"_s);
    connect(dialog, &QFileDialog::fileSelected, this, &TimelinePanel::exportTo);
    dialog->open();
}

void TimelinePanel::exportTo(const QString &path)
{
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        Q_EMIT exportFinished(path, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, writeTrace, m_model->spansByLane(), m_model->nowUs(),
                                          m_model->droppedSpans(), path));
}

} // namespace Ferry
