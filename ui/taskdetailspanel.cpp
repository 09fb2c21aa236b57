#include "taskdetailspanel.h"

#include "progressdelegate.h"
#include "segmentmap.h"
#include "tasktablemodel.h"

#include <QBoxLayout>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTreeWidget>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int FractionRole = Qt::UserRole + 1;
constexpr int RerequestAfterMs = 2000;  // an answer that never came (engine busy): ask again

enum StepColumn { StepName, StepState, StepProgress, StepColumnCount };

double fractionOf(const TaskSnapshot &s)
{
    if (s.status.state == TaskState::Succeeded)
        return 1.0;
    if (s.unit == TaskSnapshot::Unit::PerMille)
        return s.status.state == TaskState::Running ? double(s.done) / 1000.0 : -1.0;
    return s.total > 0 ? double(s.done) / double(s.total) : -1.0;
}

QString digestsText(const DigestMap &digests)
{
    QStringList lines;
    for (const auto &[algorithm, hex] : digests)
        lines.append(hashAlgorithmName(algorithm) + u": "_s + QString::fromLatin1(hex));
    return lines.join(u'\n');
}

QLabel *valueLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    // Long URLs and digests must not widen the dock: they wrap, and the tooltip holds them whole.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

} // namespace

TaskDetailsPanel::TaskDetailsPanel(const TaskTableModel *model, QWidget *parent) : QWidget(parent), m_model(model)
{
    Q_ASSERT(model);
    setObjectName(u"taskDetailsPanel"_s);
    m_refresh.setParent(this);
    m_refresh.setInterval(33);
    connect(&m_refresh, &QTimer::timeout, this, &TaskDetailsPanel::request);
    connect(m_model, &TaskTableModel::totalsChanged, this, &TaskDetailsPanel::onModelChanged);

    m_empty = new QLabel(tr("Select a task to see its details."), this);
    m_empty->setObjectName(u"detailsEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);

    auto *top = new QWidget;
    m_title = valueLabel(top);
    m_title->setObjectName(u"detailsTitle"_s);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_state = valueLabel(top);
    m_state->setObjectName(u"detailsState"_s);

    m_errorBox = new QFrame(top);
    m_errorBox->setObjectName(u"detailsError"_s);
    m_errorBox->setFrameShape(QFrame::StyledPanel);
    m_errorText = valueLabel(m_errorBox);
    m_errorText->setObjectName(u"detailsErrorText"_s);
    m_errorText->setFont(bold);
    m_errorDetail = valueLabel(m_errorBox);
    m_errorDetail->setObjectName(u"detailsErrorDetail"_s);
    m_errorDetail->setForegroundRole(QPalette::PlaceholderText);
    m_retry = new QPushButton(tr("&Retry"), m_errorBox);
    m_retry->setObjectName(u"detailsRetry"_s);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (!m_id)
            return;
        Q_EMIT retryRequested({ m_id });
        m_settled = false;
        updateRefresh();
    });
    auto *errorLayout = new QVBoxLayout(m_errorBox);
    errorLayout->addWidget(m_errorText);
    errorLayout->addWidget(m_errorDetail);
    auto *retryRow = new QHBoxLayout;
    retryRow->addStretch(1);
    retryRow->addWidget(m_retry);
    errorLayout->addLayout(retryRow);

    m_form = new QGridLayout;
    m_form->setColumnStretch(1, 1);
    m_url = addRow(tr("URL:"), "detailsUrl");
    m_finalUrl = addRow(tr("Final URL:"), "detailsFinalUrl");
    m_input = addRow(tr("Input:"), "detailsInput");
    m_path = addRow(tr("Path:"), "detailsPath");
    m_size = addRow(tr("Size:"), "detailsSize");
    m_server = addRow(tr("Server:"), "detailsServer");
    m_etag = addRow(tr("ETag:"), "detailsEtag");
    m_lastModified = addRow(tr("Last-Modified:"), "detailsLastModified");
    m_connections = addRow(tr("Connections:"), "detailsConnections");
    m_segments = new SegmentMap(top);
    addRow(tr("Segments:"), m_segments);
    m_computed = addRow(tr("Checksum:"), "detailsChecksum");
    m_expected = addRow(tr("Expected:"), "detailsExpected");

    m_steps = new QTreeWidget(top);
    m_steps->setObjectName(u"detailsSteps"_s);
    m_steps->setAccessibleName(tr("Pipeline steps"));
    m_steps->setRootIsDecorated(false);
    m_steps->setUniformRowHeights(true);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);
    m_steps->setFocusPolicy(Qt::NoFocus);
    m_steps->setColumnCount(StepColumnCount);
    m_steps->setHeaderLabels({ tr("Step"), tr("State"), tr("Progress") });
    m_steps->setItemDelegateForColumn(StepProgress, new ProgressDelegate(FractionRole, m_steps));
    m_steps->header()->setStretchLastSection(false);
    m_steps->header()->setSectionResizeMode(StepName, QHeaderView::Stretch);
    // Fixed widths for state and progress so they stay in view; the full state is in the tooltip.
    m_steps->header()->setSectionResizeMode(StepState, QHeaderView::Interactive);
    m_steps->header()->resizeSection(StepState, 16 * fontMetrics().averageCharWidth());
    m_steps->header()->setSectionResizeMode(StepProgress, QHeaderView::Fixed);
    m_steps->header()->resizeSection(StepProgress, 9 * fontMetrics().averageCharWidth());
    m_steps->setMinimumHeight(4 * fontMetrics().height());

    auto *topLayout = new QVBoxLayout(top);
    topLayout->addWidget(m_title);
    topLayout->addWidget(m_state);
    topLayout->addWidget(m_errorBox);
    topLayout->addLayout(m_form);
    topLayout->addWidget(new QLabel(tr("Pipeline:"), top));
    topLayout->addWidget(m_steps, 1);

    auto *scroll = new QScrollArea;
    scroll->setAccessibleName(tr("Task details"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(top);

    m_log = new QPlainTextEdit;
    m_log->setObjectName(u"detailsLog"_s);
    m_log->setAccessibleName(tr("Task log"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setMaximumBlockCount(1000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(scroll);
    splitter->addWidget(m_log);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    m_body = splitter;

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(m_body, 1);
    showTask(0);
}

QLabel *TaskDetailsPanel::addRow(const QString &label, const char *name)
{
    QLabel *value = valueLabel(this);
    value->setObjectName(QString::fromLatin1(name));
    addRow(label, value);
    return value;
}

void TaskDetailsPanel::addRow(const QString &label, QWidget *field)
{
    auto *title = new QLabel(label, this);
    title->setAlignment(Qt::AlignRight | Qt::AlignTop);
    title->setBuddy(field);
    const int row = m_form->rowCount();
    m_form->addWidget(title, row, 0);
    m_form->addWidget(field, row, 1);
    m_rowLabels.insert(field, title);
}

void TaskDetailsPanel::setRowVisible(QWidget *field, bool visible)
{
    field->setVisible(visible);
    m_rowLabels.value(field)->setVisible(visible);
}

void TaskDetailsPanel::setRow(QLabel *value, const QString &text)
{
    if (value->text() != text) {
        value->setText(text);
        value->setToolTip(text);
    }
    setRowVisible(value, !text.isEmpty());
}

void TaskDetailsPanel::setRefreshInterval(int milliseconds)
{
    m_refresh.setInterval(std::max(1, milliseconds));
}

void TaskDetailsPanel::showTask(TaskId id)
{
    const bool same = id == m_id && id != 0;
    m_id = id;
    m_empty->setVisible(id == 0);
    m_body->setVisible(id != 0);
    if (same)
        return;
    m_details = TaskDetails{};
    m_details.id = id;
    m_settled = false;
    m_pending = false;
    m_shownLog.clear();
    m_log->clear();
    m_steps->clear();
    m_segments->setRanges({}, -1);
    for (QLabel *l : { m_server, m_etag, m_lastModified, m_expected })
        setRow(l, {});
    setRowVisible(m_segments, false);
    if (id == 0) {
        updateRefresh();
        return;
    }
    // The row at once; the engine's details follow.
    if (const int row = m_model->rowOf(id); row >= 0)
        showSnapshot(m_model->snapshotAt(row));
    if (isVisible())
        request();
    updateRefresh();
}

void TaskDetailsPanel::showDetails(const TaskDetails &details)
{
    if (details.id != m_id || m_id == 0)
        return;
    m_pending = false;
    if (!details.exists) {
        m_details = details;
        m_title->setText(tr("This task is no longer in the queue."));
        m_settled = true;
        updateRefresh();
        return;
    }
    m_details = details;
    showSnapshot(details.task);
    const DownloadDetails &d = details.download;
    const bool download = details.task.kind == TaskKind::Download;
    setRow(m_server, download ? d.server : QString());
    setRow(m_etag, QString::fromLatin1(d.etag));
    setRow(m_lastModified, QString::fromLatin1(d.lastModified));
    setRow(m_expected, details.expected);
    if (download) {
        const QString ranges = d.ranges.size() > 1 ? tr("%n range(s)", "", int(d.ranges.size())) : QString();
        const int open = details.task.connections;
        setRow(m_connections, ranges.isEmpty() ? (open > 0 ? QString::number(open) : QString())
                                               : tr("%1 open, %2").arg(open).arg(ranges));
    }
    m_segments->setRanges(d.ranges, d.total);
    setRowVisible(m_segments, download && d.ranges.size() > 1 && d.total > 0);
    showPipeline(details.pipeline);
    showLog(details.log);
    // Settled once nothing shown can change: the task and every step of its pipeline are finished.
    m_settled = details.task.isFinished()
        && std::all_of(details.pipeline.cbegin(), details.pipeline.cend(), [](const TaskSnapshot &t) { return t.isFinished(); });
    updateRefresh();
}

void TaskDetailsPanel::showSnapshot(const TaskSnapshot &s)
{
    m_title->setText(displayName(s));
    QString state = TaskTableModel::statusText(s);
    if (s.status.state == TaskState::Running && s.kind == TaskKind::Download) {
        if (s.speed > 0)
            state += u" \u00b7 "_s + TaskTableModel::formatSpeed(s.speed);
        if (s.etaSeconds >= 0)
            state += u" \u00b7 "_s + tr("%1 left").arg(TaskTableModel::formatEta(s.etaSeconds));
    }
    m_state->setText(state);

    const TaskState st = s.status.state;
    const bool retryable = st == TaskState::Failed || st == TaskState::Cancelled;
    m_errorBox->setVisible(s.error.isError() && (retryable || st == TaskState::Waiting));
    m_retry->setVisible(retryable);
    if (s.error.isError()) {
        m_errorText->setText(s.error.message().isEmpty() ? TaskError::codeName(s.error.code()) : s.error.message());
        const QString code = TaskError::codeName(s.error.code());
        m_errorDetail->setText(s.error.detail().isEmpty() ? code : code + u": "_s + s.error.detail());
    }

    const bool download = s.kind == TaskKind::Download;
    setRow(m_url, download ? s.url.toDisplayString() : QString());
    setRow(m_finalUrl, download && s.finalUrl.isValid() && s.finalUrl != s.url ? s.finalUrl.toDisplayString() : QString());
    setRow(m_input, download ? QString() : s.input);
    setRow(m_path, s.outputPath);
    QString size;
    if (download && s.total >= 0)
        size = s.isFinished() && s.done >= s.total ? TaskTableModel::formatSize(s.total)
                                                    : tr("%1 of %2").arg(TaskTableModel::formatSize(s.done),
                                                                         TaskTableModel::formatSize(s.total));
    else if (download && s.done > 0)
        size = TaskTableModel::formatSize(s.done);
    else if (!download && s.inputBytes >= 0)
        size = TaskTableModel::formatSize(s.inputBytes);
    setRow(m_size, size);
    if (!download)
        setRow(m_connections, {});
    setRow(m_computed, digestsText(s.digests));
}

void TaskDetailsPanel::showPipeline(const QList<TaskSnapshot> &pipeline)
{
    if (pipeline.size() <= 1) {
        m_steps->clear();
        return;
    }
    bool sameIds = m_steps->topLevelItemCount() == pipeline.size();
    for (int i = 0; sameIds && i < pipeline.size(); ++i)
        sameIds = m_steps->topLevelItem(i)->data(StepName, Qt::UserRole).toULongLong() == pipeline[i].id;
    if (!sameIds) {
        m_steps->clear();
        for (const TaskSnapshot &s : pipeline) {
            auto *item = new QTreeWidgetItem(m_steps);
            item->setData(StepName, Qt::UserRole, QVariant::fromValue<qulonglong>(s.id));
        }
    }
    for (int i = 0; i < pipeline.size(); ++i) {
        const TaskSnapshot &s = pipeline[i];
        QTreeWidgetItem *item = m_steps->topLevelItem(i);
        const QString kind = TaskTableModel::kindText(s.kind);
        const QString name = displayName(s);
        item->setText(StepName, name.startsWith(kind) ? name : kind + u": "_s + name);
        item->setToolTip(StepName, item->text(StepName));
        item->setText(StepState, TaskTableModel::statusText(s));
        item->setToolTip(StepState, TaskTableModel::statusText(s));
        const double fraction = fractionOf(s);
        item->setData(StepProgress, FractionRole, fraction);
        item->setText(StepProgress, fraction < 0 ? QString() : TaskTableModel::formatPercent(fraction));
        QFont font = item->font(StepName);
        font.setBold(s.id == m_id);
        item->setFont(StepName, font);
    }
}

void TaskDetailsPanel::showLog(const QStringList &log)
{
    if (log == m_shownLog)
        return;
    QScrollBar *bar = m_log->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    const qsizetype shown = m_shownLog.size();
    // Lines are only ever appended (and the oldest dropped past the engine's cap): append the tail
    // when the lines shown are still the start, else show the whole log again.
    if (shown > 0 && log.size() > shown && log.at(shown - 1) == m_shownLog.constLast() && log.constFirst() == m_shownLog.constFirst()) {
        for (qsizetype i = shown; i < log.size(); ++i)
            m_log->appendPlainText(log.at(i));
    } else {
        m_log->setPlainText(log.join(u'\n'));
    }
    m_shownLog = log;
    if (atEnd) {  // follow the newest line, unless the user scrolled up to read
        m_log->moveCursor(QTextCursor::End);
        m_log->ensureCursorVisible();
    }
}

void TaskDetailsPanel::onModelChanged()
{
    if (!m_id || !m_settled)
        return;
    const int row = m_model->rowOf(m_id);
    if (row < 0)
        return;
    // A finished task changes again only when someone acts on it (a retry from the queue's menu).
    // (Its pipeline's steps are all finished too, or the panel would not have settled.)
    const TaskSnapshot &s = m_model->snapshotAt(row);
    if (s.status.state != m_details.task.status.state || s.finished != m_details.task.finished) {
        m_settled = false;
        updateRefresh();
    }
}

void TaskDetailsPanel::updateRefresh()
{
    const bool wanted = m_id != 0 && !m_settled && isVisible();
    if (wanted && !m_refresh.isActive())
        m_refresh.start();
    else if (!wanted)
        m_refresh.stop();
}

void TaskDetailsPanel::request()
{
    if (!m_id || (m_pending && m_sinceRequest.elapsed() < RerequestAfterMs))
        return;
    m_pending = true;
    m_sinceRequest.start();
    Q_EMIT detailsRequested(m_id);
}

void TaskDetailsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_id && !m_settled)
        request();
    updateRefresh();
}

void TaskDetailsPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateRefresh();
}

} // namespace Ferry
