#pragma once

#include "config/preferences.h"
#include "config/categoryrules.h"
#include "engine/tasksnapshot.h"
#include "engine/taskspec.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QFrame;
class QLabel;
class QLineEdit;
class QListWidget;
class QSplitter;
class QTableView;

namespace Ferry {

class AddUrlsDialog;
class ClipboardMonitor;
class LinkOfferBar;
class LatencyLabel;
class DropTarget;
class DuplicateFilter;
class LocalFilesDialog;
class PreferencesStore;
class QuitGuard;
class UrlListFiles;
class SelectionActions;
class SettingsDialog;
class TaskDetailsPanel;
class TaskFilterProxyModel;
class ThroughputPanel;
class TaskTableModel;
class TimelinePanel;

// The queue window: a sidebar of categories with live counts, a text filter, the task table, and
// actions on the selection. It turns user actions into command signals and never talks to the engine
// (which lives on another thread): Application connects the signals with queued connections. The model
// is not owned and must outlive the window.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // downloadDirectory: where the add dialog saves until the user picks another folder (which is
    // then remembered in QSettings, unless forceDirectory: `ferry --dir` wins for this session).
    MainWindow(TaskTableModel *model, const QString &downloadDirectory, QWidget *parent = nullptr,
               bool forceDirectory = false);
    ~MainWindow() override;

    QString downloadDirectory() const { return m_directory; }
    // The timeline dock's panel; EngineHost feeds its model.
    TimelinePanel *timeline() const { return m_timeline; }
    // The docks the engine feeds (EngineHost::connectWindow).
    TaskDetailsPanel *detailsPanel() const { return m_details; }
    ThroughputPanel *throughputPanel() const { return m_throughput; }

    // Where the settings dialog loads and saves the user's settings (not owned; must outlive the
    // window). Without one (tests of the window alone) the settings action is disabled.
    void setPreferencesStore(PreferencesStore *store);
    const Preferences &preferences() const { return m_preferences; }

    // Ctrl+Q and File > Quit; the tray's Quit triggers the same action. Every quit goes through
    // requestQuit(), which asks first when tasks are unfinished.
    QAction *quitAction() const { return m_quitAction; }

    // Downloads from outside the window (`ferry URL...`, a second instance's hand-over): the same
    // category rules and duplicate question as the add dialog, without remembering their folder.
    void addDownloads(const QList<Ferry::DownloadRequest> &requests);

public Q_SLOTS:
    // Opens the "Add URLs" dialog (window-modal, non-blocking) prefilled with text, or raises it and
    // adds the text when it is already open.
    void openAddDialog(const QString &urls = {});
    void openLocalFilesDialog();
    // Non-modal; raised when already open. OK and Apply save and emit preferencesChanged.
    void openSettingsDialog();
    // The category rules and whether downloads are sorted into their folders (non-blocking dialog).
    void openCategoryDialog();
    // Opens (or raises) "Process local files" with these paths added: dropped files and folders.
    void processLocalPaths(const QStringList &paths);
    // A short status-bar note when a task ends.
    void showFinished(const Ferry::TaskSnapshot &task);
    // A message that stays in the window until closed (a store that had to be set aside, an engine
    // error), without blocking anything.
    void showNotice(const QString &text);
    // Quits now, or asks first when tasks are unfinished (non-blocking); see QuitGuard.
    void requestQuit();
    // Selects the task's row (showing every task first if a filter hides it) and scrolls to it.
    void selectTask(Ferry::TaskId id);
    // The hidden debug overlay (Preferences::latencyOverlay): the event loop's lateness in the status bar.
    void setLatencyOverlayVisible(bool visible);
    // Brings the window to the front with the task selected (selectTask).
    void showTask(Ferry::TaskId id);

Q_SIGNALS:
    void addRequested(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe);
    void processLocalRequested(const QStringList &paths, const Ferry::Recipe &recipe);
    void pauseRequested(const QList<Ferry::TaskId> &ids);
    void resumeRequested(const QList<Ferry::TaskId> &ids);
    void cancelRequested(const QList<Ferry::TaskId> &ids);
    void retryRequested(const QList<Ferry::TaskId> &ids);
    void removeRequested(const QList<Ferry::TaskId> &ids, bool withFiles);
    void priorityRequested(const QList<Ferry::TaskId> &ids, int priority);
    // The user applied new settings (already saved): the engine takes them live.
    void preferencesChanged(const Ferry::Preferences &preferences);
    // The quit was approved and the window state saved: the app quits (the engine saves the queue).
    void quitApproved();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createToolBar();
    void createMenus();
    QWidget *createSidebar();
    void createView();
    QWidget *createLinkOffer();
    void createPanels();
    void createStatusBar();
    void createTimelineDock();
    void restoreSettings();
    void saveSettings();
    void updateActions();
    void updateTotals();
    void showContextMenu(const QPoint &pos);
    void showHeaderMenu(const QPoint &pos);
    void activateRow(const QModelIndex &index);
    void submit(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe);
    // Category rules, then the duplicate question, then addRequested.
    void checkAndAdd(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe);
    void applyPreferences(const Ferry::Preferences &preferences);
    int unfinishedCount() const;
    void addChecked(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe, int skippedDuplicates);
    QList<QUrl> queueUrls() const;
    void createAddingHelpers();
    void applyCategorySettings(const Ferry::CategorySettings &settings);
    void fillFileCategoryList();
    // The selected tasks, in view order.
    QList<const TaskSnapshot *> selectedTasks() const;
    QAction *makeAction(const QString &icon, int fallback, const QString &text, const char *name,
                        const QString &tip);

    TaskTableModel *m_model;
    QString m_directory;
    bool m_forceDirectory;
    PreferencesStore *m_preferencesStore = nullptr;
    Preferences m_preferences;
    TaskFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QListWidget *m_sidebar = nullptr;
    QSplitter *m_splitter = nullptr;
    QListWidget *m_fileCategories = nullptr;  // the sidebar's second filter: Videos, Archives...
    QLineEdit *m_filterEdit = nullptr;
    QFrame *m_notice = nullptr;
    QLabel *m_noticeText = nullptr;
    QLabel *m_speedLabel = nullptr;
    QLabel *m_countsLabel = nullptr;
    LatencyLabel *m_latencyLabel = nullptr;  // made when the overlay is first turned on

    QAction *m_addAction = nullptr;
    QAction *m_localAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_categoriesAction = nullptr;
    CategorySettings m_categorySettings;
    SelectionActions *m_actions = nullptr;
    QuitGuard *m_quitGuard = nullptr;
    ClipboardMonitor *m_clipboardMonitor = nullptr;
    LinkOfferBar *m_linkOffer = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_settingsAction = nullptr;
    TaskDetailsPanel *m_details = nullptr;
    ThroughputPanel *m_throughput = nullptr;
    QDockWidget *m_detailsDock = nullptr;
    QDockWidget *m_throughputDock = nullptr;
    QPointer<AddUrlsDialog> m_addDialog;
    QPointer<LocalFilesDialog> m_localDialog;
    QPointer<SettingsDialog> m_settingsDialog;
    TimelinePanel *m_timeline = nullptr;
    QDockWidget *m_timelineDock = nullptr;
    DropTarget *m_dropTarget = nullptr;
    UrlListFiles *m_urlLists = nullptr;
    DuplicateFilter *m_duplicates = nullptr;
};

} // namespace Ferry
