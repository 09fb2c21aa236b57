#include "mainwindow.h"

#include "actionicon.h"
#include "addurlsdialog.h"
#include "clipboardmonitor.h"
#include "linkofferbar.h"
#include "latencylabel.h"
#include "categoryeditor.h"
#include "droptarget.h"
#include "duplicatefilter.h"
#include "localfilesdialog.h"
#include "progressdelegate.h"
#include "quitguard.h"
#include "selectionactions.h"
#include "settingsdialog.h"
#include "taskdetailspanel.h"
#include "taskfilterproxymodel.h"
#include "tasktablemodel.h"
#include "timelinepanel.h"
#include "timelineview.h"
#include "urllistfiles.h"
#include "throughputpanel.h"

#include <QAction>
#include <QApplication>
#include <QBoxLayout>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFrame>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// The sidebar's rows, in order; the first is every task.
const TaskCategory sidebarCategories[] = {TaskCategory::Active, TaskCategory::Queued, TaskCategory::Finished,
                                          TaskCategory::Failed};

QString categoryText(TaskCategory category)
{
    switch (category) {
    case TaskCategory::Active: return MainWindow::tr("Active");
    case TaskCategory::Queued: return MainWindow::tr("Queued");
    case TaskCategory::Finished: return MainWindow::tr("Finished");
    case TaskCategory::Failed: return MainWindow::tr("Failed");
    }
    return {};
}

// The longest category name in the user's language ("Failed" is short in English, not in German).
QString widestCategoryText(const QFontMetrics &metrics)
{
    QString widest;
    for (TaskCategory category : sidebarCategories) {
        if (const QString text = categoryText(category); metrics.horizontalAdvance(text) > metrics.horizontalAdvance(widest))
            widest = text;
    }
    return widest;
}

const auto headerKey = u"mainWindow/header"_s;  // column order, widths, hidden ones, sort column and order
const auto geometryKey = u"mainWindow/geometry"_s;
const auto stateKey = u"mainWindow/state"_s;  // toolbars and docks
const auto splitterKey = u"mainWindow/splitter"_s;
const auto categoryKey = u"mainWindow/category"_s;  // the sidebar's row
const auto fileCategoryKey = u"mainWindow/fileCategory"_s;  // the sidebar's type filter: a category name
const auto filterKey = u"mainWindow/filter"_s;
const auto directoryKey = u"add/directory"_s;

} // namespace

MainWindow::MainWindow(TaskTableModel *model, const QString &downloadDirectory, QWidget *parent,
                       bool forceDirectory)
    : QMainWindow(parent), m_model(model), m_directory(downloadDirectory), m_forceDirectory(forceDirectory)
{
    Q_ASSERT(model);
    setWindowTitle(tr("Ferry"));
    if (!forceDirectory)
        m_directory = QSettings().value(directoryKey, downloadDirectory).toString();
    {
        QSettings settings;
        m_categorySettings = CategorySettingsStore(settings).load();
    }
    m_model->setCategoryRules(m_categorySettings.rules);

    createActions();
    createAddingHelpers();
    createView();
    createTimelineDock();
    createPanels();
    createToolBar();
    createMenus();
    createStatusBar();
    restoreSettings();

    // Once per engine batch (not once per changed row): totals, counts and the enabled actions
    // depend on the states of the rows, which a batch may change.
    connect(m_model, &TaskTableModel::totalsChanged, this, [this] {
        updateTotals();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateTotals);

    fillFileCategoryList();
    updateTotals();
    updateActions();
}

MainWindow::~MainWindow() = default;

QAction *MainWindow::makeAction(const QString &icon, int fallback, const QString &text, const char *name,
                                const QString &tip)
{
    auto *action = new QAction(actionIcon(icon, QStyle::StandardPixmap(fallback), style()), text, this);
    action->setObjectName(QString::fromLatin1(name));
    action->setToolTip(tip);
    return action;
}

void MainWindow::createActions()
{
    m_actions = new SelectionActions([this] { return selectedTasks(); }, this);
    connect(m_actions, &SelectionActions::pauseRequested, this, &MainWindow::pauseRequested);
    connect(m_actions, &SelectionActions::resumeRequested, this, &MainWindow::resumeRequested);
    connect(m_actions, &SelectionActions::cancelRequested, this, &MainWindow::cancelRequested);
    connect(m_actions, &SelectionActions::retryRequested, this, &MainWindow::retryRequested);
    connect(m_actions, &SelectionActions::removeRequested, this, &MainWindow::removeRequested);
    connect(m_actions, &SelectionActions::priorityRequested, this, &MainWindow::priorityRequested);

    m_addAction = makeAction(u"list-add"_s, QStyle::SP_ArrowDown, tr("&Add URLs\u2026"), "addAction",
                             tr("Add downloads from a list of URLs"));
    m_addAction->setShortcut(QKeySequence::New);
    connect(m_addAction, &QAction::triggered, this, [this] { openAddDialog(); });

    m_localAction = makeAction(u"document-open"_s, QStyle::SP_DirOpenIcon, tr("Process &Local Files\u2026"),
                               "processLocalAction", tr("Verify, extract, decompress or make thumbnails of files already here"));
    m_localAction->setShortcut(QKeySequence::Open);
    connect(m_localAction, &QAction::triggered, this, &MainWindow::openLocalFilesDialog);

    m_pasteAction = makeAction(u"edit-paste"_s, QStyle::SP_ArrowDown, tr("Add URLs from Clip&board"), "pasteAction",
                               tr("Open the add dialog with the URLs on the clipboard"));
    // A text field that has focus takes Ctrl+V for itself (QLineEdit overrides standard keys).
    m_pasteAction->setShortcut(QKeySequence::Paste);
    connect(m_pasteAction, &QAction::triggered, this,
            [this] { openAddDialog(QGuiApplication::clipboard()->text()); });

    m_findAction = new QAction(tr("&Find"), this);
    m_findAction->setObjectName(u"findAction"_s);
    m_findAction->setShortcut(QKeySequence::Find);

    m_quitAction = makeAction(u"application-exit"_s, QStyle::SP_DialogCloseButton, tr("&Quit"), "quitAction",
                              tr("Quit Ferry"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::requestQuit);
    m_quitGuard = new QuitGuard([this] { return unfinishedCount(); },
                                [this] { return m_preferences.onStart == Preferences::OnStart::Resume; }, this);
    connect(m_quitGuard, &QuitGuard::approved, this, [this] {
        saveSettings();  // also when the window is hidden (the tray) and close() will not reach closeEvent
        Q_EMIT quitApproved();
        close();
    });
    addAction(m_quitAction);

    m_settingsAction = makeAction(u"configure"_s, QStyle::SP_FileDialogDetailedView, tr("&Settings\u2026"),
                                  "settingsAction", tr("Limits, folders and behaviour"));
    m_settingsAction->setShortcut(Qt::CTRL | Qt::Key_Comma);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setEnabled(false);  // until setPreferencesStore()
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettingsDialog);
    addAction(m_settingsAction);
    addAction(m_pasteAction);
    addAction(m_findAction);
}

// Drops, URL lists in files, and the duplicate check before anything reaches the engine.
void MainWindow::createAddingHelpers()
{
    m_dropTarget = new DropTarget(this);
    connect(m_dropTarget, &DropTarget::linksDropped, this, [this](const QString &text) { openAddDialog(text); });
    connect(m_dropTarget, &DropTarget::pathsDropped, this, &MainWindow::processLocalPaths);

    m_urlLists = new UrlListFiles([this] { return queueUrls(); }, this);
    m_importAction = makeAction(u"document-import"_s, QStyle::SP_DialogOpenButton, tr("&Import URL List\u2026"),
                                "importUrlsAction", tr("Add the URLs listed in a text file"));
    connect(m_importAction, &QAction::triggered, m_urlLists, &UrlListFiles::chooseImport);
    m_exportAction = makeAction(u"document-export"_s, QStyle::SP_DialogSaveButton, tr("&Export URL List\u2026"),
                                "exportUrlsAction", tr("Save the URLs of the queue's downloads in a text file, one per line"));
    connect(m_exportAction, &QAction::triggered, m_urlLists, &UrlListFiles::chooseExport);
    connect(m_urlLists, &UrlListFiles::imported, this, [this](const QString &path, const QString &text, int urls, int rejected) {
        openAddDialog(text);
        statusBar()->showMessage(rejected == 0 ? tr("%n URL(s) read from %1", "", urls).arg(QDir::toNativeSeparators(path))
                                               : tr("%n URL(s) read from %1; %2 line(s) are not URLs and are marked", "", urls)
                                                     .arg(QDir::toNativeSeparators(path)).arg(rejected),
                                 5000);
    });
    connect(m_urlLists, &UrlListFiles::exported, this, [this](const QString &path, int urls) {
        statusBar()->showMessage(tr("%n URL(s) written to %1", "", urls).arg(QDir::toNativeSeparators(path)), 5000);
    });
    connect(m_urlLists, &UrlListFiles::failed, this, &MainWindow::showNotice);

    m_duplicates = new DuplicateFilter(m_model, this);
    connect(m_duplicates, &DuplicateFilter::passed, this, &MainWindow::addChecked);

    m_categoriesAction = makeAction(u"folder-new"_s, QStyle::SP_DirIcon, tr("&Categories\u2026"), "categoriesAction",
                                    tr("Rules that sort downloads into folders by file type or host"));
    connect(m_categoriesAction, &QAction::triggered, this, &MainWindow::openCategoryDialog);
}

void MainWindow::openCategoryDialog()
{
    if (auto *open = findChild<CategoryDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new CategoryDialog(m_categorySettings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CategoryDialog::settingsAccepted, this, [this](const CategorySettings &settings) {
        QSettings store;
        CategorySettingsStore(store).save(settings);
        applyCategorySettings(settings);
    });
    dialog->open();
}

void MainWindow::applyCategorySettings(const CategorySettings &settings)
{
    m_categorySettings = settings;
    m_model->setCategoryRules(settings.rules);
    fillFileCategoryList();
}

// "All types", then every category the rules can give, each with its live count.
void MainWindow::fillFileCategoryList()
{
    const QString current = m_proxy ? m_proxy->fileCategory() : QString();
    const QSignalBlocker blocker(m_fileCategories);
    m_fileCategories->clear();
    m_fileCategories->addItem(tr("All types"));
    int currentRow = 0;
    for (const QString &category : m_categorySettings.rules.categories()) {
        auto *item = new QListWidgetItem(TaskTableModel::categoryText(category), m_fileCategories);
        item->setData(Qt::UserRole, category);
        if (category == current)
            currentRow = m_fileCategories->count() - 1;
    }
    m_fileCategories->setCurrentRow(currentRow);
    if (m_proxy && currentRow == 0)
        m_proxy->setFileCategory({});
    updateTotals();
}

QList<QUrl> MainWindow::queueUrls() const
{
    QList<QUrl> urls;
    QSet<QUrl> seen;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const TaskSnapshot &s = m_model->snapshotAt(row);
        if (s.kind == TaskKind::Download && !seen.contains(s.url)) {
            seen.insert(s.url);
            urls.append(s.url);
        }
    }
    return urls;
}

void MainWindow::createToolBar()
{
    auto *toolBar = addToolBar(tr("Main Toolbar"));
    toolBar->setObjectName(u"mainToolBar"_s);
    toolBar->setAccessibleName(tr("Main toolbar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_addAction);
    toolBar->addSeparator();
    toolBar->addAction(m_actions->pause());
    toolBar->addAction(m_actions->resume());
    toolBar->addAction(m_actions->cancel());
    toolBar->addAction(m_actions->retry());
    toolBar->addAction(m_actions->remove());
    toolBar->addSeparator();
    toolBar->addAction(m_actions->moveUp());
    toolBar->addAction(m_actions->moveDown());
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addAction);
    file->addAction(m_pasteAction);
    file->addAction(m_localAction);
    file->addSeparator();
    file->addAction(m_importAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(m_timeline->exportAction());
    file->addSeparator();
    file->addAction(m_categoriesAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *tasks = menuBar()->addMenu(tr("&Tasks"));
    for (QAction *action : {m_actions->pause(), m_actions->resume(), m_actions->cancel(), m_actions->retry()})
        tasks->addAction(action);
    tasks->addSeparator();
    tasks->addAction(m_actions->moveUp());
    tasks->addAction(m_actions->moveDown());
    tasks->addSeparator();
    for (QAction *action : {m_actions->open(), m_actions->openFolder(), m_actions->copyUrl(), m_actions->copyChecksum()})
        tasks->addAction(action);
    tasks->addSeparator();
    tasks->addAction(m_actions->remove());
    tasks->addAction(m_actions->removeWithFiles());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_findAction);
    view->addSeparator();
    view->addAction(m_timelineDock->toggleViewAction());
    view->addAction(m_detailsDock->toggleViewAction());
    view->addAction(m_throughputDock->toggleViewAction());

    menuBar()->addMenu(tr("&Settings"))->addAction(m_settingsAction);
}

QWidget *MainWindow::createSidebar()
{
    m_sidebar = new QListWidget(this);
    m_sidebar->setObjectName(u"categoryList"_s);
    m_sidebar->setAccessibleName(tr("Show tasks"));
    m_sidebar->setSelectionMode(QAbstractItemView::SingleSelection);
    m_sidebar->addItem(tr("All"));
    for (TaskCategory category : sidebarCategories)
        m_sidebar->addItem(categoryText(category));
    m_sidebar->setCurrentRow(0);
    connect(m_sidebar, &QListWidget::currentRowChanged, this, [this](int row) {
        m_proxy->setCategory(row <= 0 ? std::nullopt : std::optional(sidebarCategories[row - 1]));
        updateActions();
    });
    m_sidebar->setMaximumWidth(3 * fontMetrics().horizontalAdvance(widestCategoryText(fontMetrics()) + u" (00000)"_s));

    m_fileCategories = new QListWidget(this);
    m_fileCategories->setObjectName(u"fileCategoryList"_s);
    m_fileCategories->setAccessibleName(tr("Show downloads of the type"));
    m_fileCategories->setSelectionMode(QAbstractItemView::SingleSelection);
    m_fileCategories->setMaximumWidth(m_sidebar->maximumWidth());
    connect(m_fileCategories, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        m_proxy->setFileCategory(item ? item->data(Qt::UserRole).toString() : QString());
        updateActions();
    });

    auto *sidebar = new QWidget(this);
    auto *layout = new QVBoxLayout(sidebar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sidebar, 1);
    layout->addWidget(m_fileCategories, 1);
    return sidebar;
}

void MainWindow::createView()
{
    m_model->setFallbackFileIcon(style()->standardIcon(QStyle::SP_FileIcon));
    m_proxy = new TaskFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);

    m_view = new QTableView(this);
    m_view->setObjectName(u"taskView"_s);
    m_view->setAccessibleName(tr("Task queue"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegateForColumn(TaskTableModel::Progress,
                                     new ProgressDelegate(TaskTableModel::RawValueRole, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    // Their shortcuts are scoped to the view, so text fields keep Delete, Escape and Ctrl+C.
    m_view->addActions(m_actions->viewScoped());
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showContextMenu);
    // Enter and double-click.
    connect(m_view, &QAbstractItemView::activated, this, &MainWindow::activateRow);

    // Fixed row heights: the view never measures thousands of rows.
    QHeaderView *rows = m_view->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);

    QHeaderView *header = m_view->horizontalHeader();
    header->setObjectName(u"taskHeader"_s);
    header->setHighlightSections(false);
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TaskTableModel::Name, QHeaderView::Stretch);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, &MainWindow::showHeaderMenu);
    // Widths from what the cells will hold, so numbers are not elided at the default font size.
    const QLocale locale;
    const auto fit = [this, header](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        const int text = std::max(fontMetrics().horizontalAdvance(sample), fontMetrics().horizontalAdvance(title));
        header->resizeSection(column, text + 4 * fontMetrics().averageCharWidth());
    };
    fit(TaskTableModel::Status, tr("Waiting for a free slot (3 downloads"));
    header->resizeSection(TaskTableModel::Progress,
                          2 * fontMetrics().horizontalAdvance(TaskTableModel::formatPercent(1.0, locale)));
    const auto widest = qint64(1023.8 * 1024 * 1024);  // "1,023.8 MiB": the longest before the next unit
    fit(TaskTableModel::Size, TaskTableModel::formatSize(widest, locale));
    fit(TaskTableModel::Done, TaskTableModel::formatSize(widest, locale));
    fit(TaskTableModel::Speed, TaskTableModel::formatSpeed(double(widest), locale));
    fit(TaskTableModel::Eta, TaskTableModel::formatEta(23 * 3600 + 58 * 60, locale));
    fit(TaskTableModel::Step, TaskTableModel::kindText(TaskKind::DeleteFile));
    const QString date = TaskTableModel::formatWhen(QDateTime(QDate(2088, 12, 28), QTime(18, 58)), locale);
    fit(TaskTableModel::Added, date);
    fit(TaskTableModel::Finished, date);
    // Less used: shown from the header's menu.
    header->hideSection(TaskTableModel::Added);
    header->hideSection(TaskTableModel::Category);
    // No sort column at first: rows stay in queue order until the user clicks a header.
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(u"filterEdit"_s);
    m_filterEdit->setAccessibleName(tr("Filter tasks"));
    m_filterEdit->setPlaceholderText(tr("Filter by name, URL or path (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setText(text);
        updateActions();
    });
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filterEdit->setFocus(Qt::ShortcutFocusReason);
        m_filterEdit->selectAll();
    });

    m_notice = new QFrame(this);
    m_notice->setObjectName(u"noticeBar"_s);
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setObjectName(u"noticeLabel"_s);
    m_noticeText->setWordWrap(true);
    m_noticeText->setTextFormat(Qt::PlainText);
    m_noticeText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton(m_notice);
    dismiss->setObjectName(u"noticeClose"_s);
    dismiss->setIcon(actionIcon(u"window-close"_s, QStyle::SP_DialogCloseButton, style()));
    dismiss->setAccessibleName(tr("Dismiss"));
    connect(dismiss, &QToolButton::clicked, m_notice, &QWidget::hide);
    auto *noticeLayout = new QHBoxLayout(m_notice);
    noticeLayout->addWidget(new QLabel(m_notice));
    static_cast<QLabel *>(noticeLayout->itemAt(0)->widget())
        ->setPixmap(actionIcon(u"dialog-warning"_s, QStyle::SP_MessageBoxWarning, style())
                        .pixmap(QSize(1, 1) * style()->pixelMetric(QStyle::PM_ToolBarIconSize, nullptr, this),
                                devicePixelRatioF()));
    noticeLayout->addWidget(m_noticeText, 1);
    noticeLayout->addWidget(dismiss);
    m_notice->setVisible(false);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_notice);
    rightLayout->addWidget(createLinkOffer());
    rightLayout->addWidget(m_filterEdit);
    rightLayout->addWidget(m_view, 1);

    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_splitter->addWidget(createSidebar());
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({fontMetrics().horizontalAdvance(widestCategoryText(fontMetrics()) + u" (0000)"_s) + 6 * fontMetrics().averageCharWidth(), 4000});
    setCentralWidget(m_splitter);
}

QWidget *MainWindow::createLinkOffer()
{
    // Off until the settings say otherwise (setPreferencesStore, applyPreferences).
    m_clipboardMonitor = new ClipboardMonitor(QGuiApplication::clipboard(), this);
    m_linkOffer = new LinkOfferBar(this);
    connect(m_clipboardMonitor, &ClipboardMonitor::offered, m_linkOffer, &LinkOfferBar::offer);
    connect(m_linkOffer, &LinkOfferBar::addRequested, this, [this](const QString &urls) { openAddDialog(urls); });
    return m_linkOffer;
}

// The details of the selected task and the throughput graph below it (right), as docks the View
// menu shows and hides. The engine feeds them through EngineHost.
void MainWindow::createPanels()
{
    const auto dock = [this](QWidget *content, const QString &title, const QString &name, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    m_details = new TaskDetailsPanel(m_model, this);
    m_detailsDock = dock(m_details, tr("Details"), u"detailsDock"_s, Qt::RightDockWidgetArea);
    m_throughput = new ThroughputPanel(this);
    // Under the details: the bottom belongs to the timeline, which wants the width.
    m_throughputDock = dock(m_throughput, tr("Throughput"), u"throughputDock"_s, Qt::RightDockWidgetArea);
    resizeDocks({m_detailsDock}, {40 * fontMetrics().averageCharWidth()}, Qt::Horizontal);
    // The current row when it is selected, else the first selected one.
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        const QModelIndex row = current.isValid() && m_view->selectionModel()->isRowSelected(current.row())
            ? current : rows.value(0);
        m_details->showTask(row.isValid() ? m_model->snapshotAt(m_proxy->mapToSource(row).row()).id : 0);
    });
}

void MainWindow::createStatusBar()
{
    m_speedLabel = new QLabel(this);
    m_speedLabel->setObjectName(u"speedLabel"_s);
    m_speedLabel->setAccessibleName(tr("Download speed"));
    m_countsLabel = new QLabel(this);
    m_countsLabel->setObjectName(u"countsLabel"_s);
    m_countsLabel->setAccessibleName(tr("Task counts"));
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_speedLabel);
}

void MainWindow::createTimelineDock()
{
    m_timeline = new TimelinePanel(this);
    m_timelineDock = new QDockWidget(tr("Timeline"), this);
    m_timelineDock->setObjectName(u"timelineDock"_s);
    m_timelineDock->setAccessibleName(tr("Timeline"));
    m_timelineDock->setWidget(m_timeline);
    m_timelineDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
    connect(m_timeline, &TimelinePanel::taskClicked, this, &MainWindow::selectTask);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        m_timeline->view()->setSelectedTask(current.isValid() ? current.data(TaskTableModel::TaskIdRole).value<TaskId>() : 0);
    });
    connect(m_timeline, &TimelinePanel::exportFinished, this, [this](const QString &, const QString &error) {
        if (!error.isEmpty())
            showNotice(error);
    });
}

void MainWindow::selectTask(TaskId id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) {
        m_filterEdit->clear();
        m_sidebar->setCurrentRow(0);
        index = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    QHeaderView *header = m_view->horizontalHeader();
    if (const QByteArray state = settings.value(headerKey).toByteArray(); !state.isEmpty() && header->restoreState(state))
        m_view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());  // -1: queue order
    if (const QByteArray geometry = settings.value(geometryKey).toByteArray(); geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1200, 640);
    restoreState(settings.value(stateKey).toByteArray());
    m_splitter->restoreState(settings.value(splitterKey).toByteArray());
    const int category = settings.value(categoryKey, 0).toInt();
    m_sidebar->setCurrentRow(category >= 0 && category < m_sidebar->count() ? category : 0);
    m_filterEdit->setText(settings.value(filterKey).toString());
    m_proxy->setFileCategory(settings.value(fileCategoryKey).toString());  // fillFileCategoryList() selects it
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(headerKey, m_view->horizontalHeader()->saveState());
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState());
    settings.setValue(splitterKey, m_splitter->saveState());
    settings.setValue(categoryKey, m_sidebar->currentRow());
    settings.setValue(filterKey, m_filterEdit->text());
    settings.setValue(fileCategoryKey, m_proxy->fileCategory());
}

void MainWindow::requestQuit()
{
    m_quitGuard->request();
}

int MainWindow::unfinishedCount() const
{
    // What a quit interrupts: running tasks and those that would start by themselves.
    int n = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const TaskState state = m_model->snapshotAt(row).status.state;
        n += state == TaskState::Running || state == TaskState::Queued || state == TaskState::Waiting;
    }
    return n;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Closing the window is quitting: with tasks unfinished this close is ignored and the guard asks;
    // its yes closes the window again.
    if (!m_quitGuard->mayQuitNow()) {
        event->ignore();
        m_quitGuard->request();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

QList<const TaskSnapshot *> MainWindow::selectedTasks() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<const TaskSnapshot *> tasks;
    tasks.reserve(rows.size());
    for (const QModelIndex &row : std::as_const(rows))
        tasks.append(&m_model->snapshotAt(m_proxy->mapToSource(row).row()));
    return tasks;
}

void MainWindow::updateActions()
{
    m_actions->update();
}

namespace {

// Runs once per engine batch: a label of fixed size changes its text without relayouting the whole
// window (QWidget::updateGeometry skips fixed-size widgets), which bench_responsiveness saw as the GUI
// thread's most frequent layout work. It grows, with some room, only when a text no longer fits.
void setStatusText(QLabel *label, const QString &text)
{
    label->setText(text);
    const QSize hint = label->sizeHint();
    if (hint.width() > label->minimumWidth() || hint.height() != label->minimumHeight())
        label->setFixedSize(hint.width() + 4 * label->fontMetrics().averageCharWidth(), hint.height());
}

} // namespace

void MainWindow::updateTotals()
{
    const auto n = [this](TaskCategory c) { return m_model->count(c); };
    setStatusText(m_speedLabel, tr("\u2193 %1").arg(TaskTableModel::formatSpeed(double(m_model->totalSpeed()))));
    setStatusText(m_countsLabel, tr("Active %1 \u00b7 Queued %2 \u00b7 Finished %3 \u00b7 Failed %4")
                                     .arg(n(TaskCategory::Active))
                                     .arg(n(TaskCategory::Queued))
                                     .arg(n(TaskCategory::Finished))
                                     .arg(n(TaskCategory::Failed)));
    m_sidebar->item(0)->setText(tr("All (%1)").arg(m_model->rowCount()));
    for (int row = 1; m_fileCategories && row < m_fileCategories->count(); ++row) {
        QListWidgetItem *item = m_fileCategories->item(row);
        const QString category = item->data(Qt::UserRole).toString();
        item->setText(tr("%1 (%2)").arg(TaskTableModel::categoryText(category)).arg(m_model->fileCategoryCount(category)));
    }
    for (int i = 0; i < int(std::size(sidebarCategories)); ++i) {
        const TaskCategory category = sidebarCategories[i];
        m_sidebar->item(i + 1)->setText(tr("%1 (%2)").arg(categoryText(category)).arg(n(category)));
    }
}

void MainWindow::showContextMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (QAction *action : {m_actions->open(), m_actions->openFolder()})
        menu->addAction(action);
    menu->addSeparator();
    for (QAction *action : {m_actions->pause(), m_actions->resume(), m_actions->cancel(), m_actions->retry()})
        menu->addAction(action);
    menu->addSeparator();
    menu->addAction(m_actions->moveUp());
    menu->addAction(m_actions->moveDown());
    menu->addSeparator();
    menu->addAction(m_actions->copyUrl());
    menu->addAction(m_actions->copyChecksum());
    menu->addSeparator();
    menu->addAction(m_actions->remove());
    menu->addAction(m_actions->removeWithFiles());
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

void MainWindow::showHeaderMenu(const QPoint &pos)
{
    QHeaderView *header = m_view->horizontalHeader();
    auto *menu = new QMenu(this);
    menu->setObjectName(u"headerMenu"_s);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column) {
        QAction *toggle = menu->addAction(m_model->headerData(column, Qt::Horizontal).toString());
        toggle->setCheckable(true);
        toggle->setChecked(!header->isSectionHidden(column));
        toggle->setEnabled(column != TaskTableModel::Name);  // a row must stay recognisable
        connect(toggle, &QAction::toggled, header, [header, column](bool on) { header->setSectionHidden(column, !on); });
    }
    menu->popup(header->mapToGlobal(pos));
}

void MainWindow::activateRow(const QModelIndex &index)
{
    if (index.isValid())
        m_actions->activate(m_model->snapshotAt(m_proxy->mapToSource(index).row()));
}

void MainWindow::openAddDialog(const QString &urls)
{
    if (m_addDialog) {
        if (!urls.isEmpty())
            m_addDialog->setUrlsText(urls);
        m_addDialog->raise();
        m_addDialog->activateWindow();
        return;
    }
    m_addDialog = new AddUrlsDialog(m_directory, this);
    m_addDialog->setAttribute(Qt::WA_DeleteOnClose);
    m_addDialog->setConnections(m_preferences.connectionsPerDownload);
    if (!urls.isEmpty())
        m_addDialog->setUrlsText(urls);
    connect(m_addDialog, &AddUrlsDialog::submitted, this, &MainWindow::submit);
    m_addDialog->open();
}

void MainWindow::openLocalFilesDialog()
{
    if (m_localDialog) {
        m_localDialog->raise();
        m_localDialog->activateWindow();
        return;
    }
    m_localDialog = new LocalFilesDialog(m_directory, this);
    m_localDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_localDialog, &LocalFilesDialog::submitted, this, [this](const QStringList &paths, const Recipe &recipe) {
        Q_EMIT processLocalRequested(paths, recipe);
        statusBar()->showMessage(tr("Processing %n path(s)", "", int(paths.size())), 5000);
    });
    m_localDialog->open();
}

void MainWindow::setPreferencesStore(PreferencesStore *store)
{
    m_preferencesStore = store;
    m_settingsAction->setEnabled(store != nullptr);
    if (store)
        m_preferences = store->load();
    m_clipboardMonitor->setEnabled(m_preferences.clipboardMonitoring);
    setLatencyOverlayVisible(m_preferences.latencyOverlay);
}

void MainWindow::openSettingsDialog()
{
    if (!m_preferencesStore)
        return;
    if (m_settingsDialog && m_settingsDialog->isVisible()) {  // a closed one waits for deleteLater
        m_settingsDialog->raise();
        m_settingsDialog->activateWindow();
        return;
    }
    m_settingsDialog = new SettingsDialog(m_preferences, this);
    m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_settingsDialog, &SettingsDialog::applied, this, &MainWindow::applyPreferences);
    m_settingsDialog->show();  // non-modal: the queue stays usable while it is open
}

void MainWindow::applyPreferences(const Preferences &preferences)
{
    const Preferences before = std::exchange(m_preferences, preferences);
    if (m_preferencesStore)
        m_preferencesStore->save(preferences);
    m_clipboardMonitor->setEnabled(preferences.clipboardMonitoring);
    if (!preferences.clipboardMonitoring)
        m_linkOffer->hide();
    setLatencyOverlayVisible(preferences.latencyOverlay);
    // A new download folder is where the next add dialog starts (`ferry --dir` still wins).
    if (preferences.downloadFolder != before.downloadFolder && !m_forceDirectory) {
        const QString system = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
        m_directory = !preferences.downloadFolder.isEmpty() ? preferences.downloadFolder
                      : !system.isEmpty()                  ? system
                                                           : QDir::homePath();
        QSettings().setValue(directoryKey, m_directory);
    }
    Q_EMIT preferencesChanged(preferences);
}

void MainWindow::processLocalPaths(const QStringList &paths)
{
    openLocalFilesDialog();
    if (m_localDialog)
        m_localDialog->addPaths(paths);
}

void MainWindow::submit(const QList<DownloadRequest> &requests, const Recipe &recipe)
{
    if (!requests.isEmpty() && requests.first().directory != m_directory) {
        m_directory = requests.first().directory;  // the next dialog starts where this one saved
        QSettings().setValue(directoryKey, m_directory);
    }
    checkAndAdd(requests, recipe);
}

void MainWindow::addDownloads(const QList<DownloadRequest> &requests)
{
    if (!requests.isEmpty())
        checkAndAdd(requests, Recipe{});
}

void MainWindow::checkAndAdd(const QList<DownloadRequest> &requests, const Recipe &recipe)
{
    QList<DownloadRequest> sorted = requests;
    if (m_categorySettings.sortIntoFolders) {
        for (DownloadRequest &request : sorted)
            request.categories = m_categorySettings.rules;  // decided by the download, once it has a name
    }
    m_duplicates->submit(sorted, recipe);
}

void MainWindow::addChecked(const QList<DownloadRequest> &requests, const Recipe &recipe, int skippedDuplicates)
{
    if (!requests.isEmpty())
        Q_EMIT addRequested(requests, recipe);
    const QString added = tr("Added %n download(s)", "", int(requests.size()));
    statusBar()->showMessage(skippedDuplicates == 0
                                 ? added
                                 : tr("%1; skipped %n duplicate(s)", "", skippedDuplicates).arg(added),
                             5000);
}

void MainWindow::showFinished(const TaskSnapshot &task)
{
    const QString name = displayName(task);
    QString message;
    switch (task.status.state) {
    case TaskState::Succeeded: message = tr("Finished %1").arg(name); break;
    case TaskState::Failed: message = tr("Failed %1: %2").arg(name, task.error.message()); break;
    case TaskState::Cancelled: message = tr("Cancelled %1").arg(name); break;
    default: return;
    }
    statusBar()->showMessage(message, 5000);
}

void MainWindow::showNotice(const QString &text)
{
    m_noticeText->setText(text);
    m_notice->setVisible(true);
}

void MainWindow::setLatencyOverlayVisible(bool visible)
{
    if (visible && !m_latencyLabel) {
        m_latencyLabel = new LatencyLabel(this);
        statusBar()->insertPermanentWidget(0, m_latencyLabel);
    }
    if (m_latencyLabel)
        m_latencyLabel->setVisible(visible);  // it measures only while shown
}

void MainWindow::showTask(TaskId id)
{
    if (m_model->rowOf(id) < 0)
        return;
    setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
    selectTask(id);
}

} // namespace Ferry
