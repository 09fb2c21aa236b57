#pragma once

#include "net/downloadtypes.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>

class QAction;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace Ferry {

class AddUrlsDialog;
class TaskTableModel;

// URLs typed or pasted by the user, one per line (whitespace also separates). Blank lines are
// skipped; an entry that is not an absolute http or https URL is kept verbatim in `rejected`, so it
// can be shown back, never dropped.
struct ParsedUrls
{
    QList<QUrl> urls;
    QStringList rejected;
};
ParsedUrls parseUrlLines(const QStringList &lines);

// The queue window. It assembles widgets and turns user actions into command signals; it never talks
// to the engine (which lives on another thread): Application connects the signals with queued
// connections. The model is not owned and must outlive the window.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(TaskTableModel *model, const QString &downloadDirectory, QWidget *parent = nullptr);
    ~MainWindow() override;

    QString downloadDirectory() const { return m_directory; }

public Q_SLOTS:
    // Opens the "Add URLs" dialog (window-modal, non-blocking), or raises it when already open.
    void openAddDialog();
    // A short status-bar note when a download ends.
    void showFinished(const Ferry::DownloadSnapshot &result);

Q_SIGNALS:
    void addRequested(const QList<Ferry::DownloadRequest> &requests);
    void pauseRequested(const QList<Ferry::DownloadId> &ids);
    void resumeRequested(const QList<Ferry::DownloadId> &ids);
    void cancelRequested(const QList<Ferry::DownloadId> &ids);

private:
    void createActions();
    void createView();
    void createMenus();
    void updateActions();
    void updateTotals();
    void showContextMenu(const QPoint &pos);
    void submit(const QList<Ferry::DownloadRequest> &requests, const QString &directory);
    // The selected downloads whose state passes `applies`, in view order.
    QList<DownloadId> selectedIds(const std::function<bool(DownloadState)> &applies) const;
    QIcon themeIcon(const QString &name, int fallback) const;

    TaskTableModel *m_model;
    QString m_directory;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_totalsLabel = nullptr;
    QAction *m_addAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_resumeAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_quitAction = nullptr;
    QPointer<AddUrlsDialog> m_addDialog;
};

} // namespace Ferry
