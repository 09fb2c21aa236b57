#pragma once

#include "engine/taskdetails.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTimer>
#include <QWidget>

class QFrame;
class QGridLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace Ferry {

class SegmentMap;
class TaskTableModel;

// Everything about the selected task: where it comes from and goes, the server and its validators,
// the segment map of a split download, checksums, the steps of its pipeline, why it waits, its
// error in words and in detail (with Retry), and its log.
//
// The model gives the task's row at once; the rest is asked of the engine (detailsRequested, answered
// by showDetails) at the refresh interval, one request at a time, and only while the panel is visible
// and the task or a step of its pipeline may still change: a finished pipeline is asked once, and
// again when the task's row changes.
class TaskDetailsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskDetailsPanel)

public:
    explicit TaskDetailsPanel(const TaskTableModel *model, QWidget *parent = nullptr);

    TaskId taskId() const { return m_id; }
    const TaskDetails &details() const { return m_details; }
    void setRefreshInterval(int milliseconds);  // the engine's flush interval: 33 ms by default
    bool isRefreshing() const { return m_refresh.isActive(); }

public Q_SLOTS:
    // 0 shows nothing.
    void showTask(Ferry::TaskId id);
    // The engine's answer; answers for another task than the one shown are dropped.
    void showDetails(const Ferry::TaskDetails &details);

Q_SIGNALS:
    void detailsRequested(Ferry::TaskId id);
    void retryRequested(const QList<Ferry::TaskId> &ids);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QLabel *addRow(const QString &label, const char *name);
    void addRow(const QString &label, QWidget *field);
    void setRowVisible(QWidget *field, bool visible);
    void setRow(QLabel *value, const QString &text);
    void showSnapshot(const TaskSnapshot &task);
    void showPipeline(const QList<TaskSnapshot> &pipeline);
    void showLog(const QStringList &log);
    void onModelChanged();
    void updateRefresh();
    void request();

    const TaskTableModel *m_model;
    TaskId m_id = 0;
    TaskDetails m_details;
    bool m_settled = false;  // the task and its pipeline are finished and shown: nothing to ask
    bool m_pending = false;  // a request is on its way
    QElapsedTimer m_sinceRequest;
    QTimer m_refresh;
    QStringList m_shownLog;

    QWidget *m_body = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_state = nullptr;
    QFrame *m_errorBox = nullptr;
    QLabel *m_errorText = nullptr;
    QLabel *m_errorDetail = nullptr;
    QPushButton *m_retry = nullptr;
    // Label and field per row. A grid, not a QFormLayout: Qt 6.4's QFormLayout overruns its
    // buffers in heightForWidth() once rows are hidden (found with valgrind).
    QGridLayout *m_form = nullptr;
    QHash<QWidget *, QLabel *> m_rowLabels;
    QLabel *m_url = nullptr;
    QLabel *m_finalUrl = nullptr;
    QLabel *m_input = nullptr;
    QLabel *m_path = nullptr;
    QLabel *m_size = nullptr;
    QLabel *m_server = nullptr;
    QLabel *m_etag = nullptr;
    QLabel *m_lastModified = nullptr;
    QLabel *m_connections = nullptr;
    SegmentMap *m_segments = nullptr;
    QLabel *m_computed = nullptr;
    QLabel *m_expected = nullptr;
    QTreeWidget *m_steps = nullptr;
    QPlainTextEdit *m_log = nullptr;
};

} // namespace Ferry
