#include "mainwindow.h"

#include "progressdelegate.h"
#include "tasktablemodel.h"

#include <QAction>
#include <QBoxLayout>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool canPause(DownloadState s)
{
    return s == DownloadState::Queued || s == DownloadState::Connecting || s == DownloadState::Downloading
        || s == DownloadState::Retrying;
}

bool canResume(DownloadState s)
{
    return s == DownloadState::Paused;
}

bool canCancel(DownloadState s)
{
    return !isFinalState(s);
}

} // namespace

ParsedUrls parseUrlLines(const QStringList &lines)
{
    // A URL has no spaces (they are sent as %20), so whitespace separates entries too: a pasted
    // "http://a http://b" is two downloads, not one URL with an odd path.
    static const QRegularExpression whitespace(u"\\s+"_s);
    ParsedUrls result;
    for (const QString &line : lines) {
        for (const QString &text : line.split(whitespace, Qt::SkipEmptyParts)) {
            const QUrl url(text, QUrl::TolerantMode);
            if (isDownloadableUrl(url))
                result.urls.append(url);
            else
                result.rejected.append(text);
        }
    }
    return result;
}

// "Add URLs": one URL per line and a folder. On Add the valid lines go out at once; when some lines
// are not http(s) URLs the dialog stays open holding just those lines and says why, so nothing the
// user pasted disappears unnoticed. The full add dialog (options, checksums) is a later issue.
class AddUrlsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddUrlsDialog)

public:
    AddUrlsDialog(const QString &directory, QWidget *parent) : QDialog(parent)
    {
        setObjectName(u"addUrlsDialog"_s);
        setWindowTitle(tr("Add URLs"));

        m_urls = new QPlainTextEdit(this);
        m_urls->setObjectName(u"urlsEdit"_s);
        m_urls->setAccessibleName(tr("URLs, one per line"));
        m_urls->setPlaceholderText(tr("https://example.org/file.iso"));
        m_urls->setLineWrapMode(QPlainTextEdit::NoWrap);
        m_urls->setTabChangesFocus(true);

        m_directory = new QLineEdit(directory, this);
        m_directory->setObjectName(u"directoryEdit"_s);
        m_directory->setAccessibleName(tr("Download folder"));
        m_directory->setClearButtonEnabled(true);
        auto *browse = new QPushButton(tr("Browse\u2026"), this);
        browse->setAccessibleName(tr("Choose download folder"));
        connect(browse, &QPushButton::clicked, this, &AddUrlsDialog::chooseDirectory);
        auto *folderRow = new QHBoxLayout;
        folderRow->addWidget(m_directory, 1);
        folderRow->addWidget(browse);

        m_problem = new QLabel(this);
        m_problem->setObjectName(u"problemLabel"_s);
        m_problem->setWordWrap(true);
        m_problem->setTextFormat(Qt::PlainText);
        m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_problem->setVisible(false);

        m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
        connect(m_buttons, &QDialogButtonBox::accepted, this, &AddUrlsDialog::tryAccept);
        connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        connect(m_urls, &QPlainTextEdit::textChanged, this, &AddUrlsDialog::updateAddButton);

        auto *urlsLabel = new QLabel(tr("&URLs (one per line):"), this);
        urlsLabel->setBuddy(m_urls);
        auto *folderLabel = new QLabel(tr("Save &to:"), this);
        folderLabel->setBuddy(m_directory);

        auto *layout = new QVBoxLayout(this);
        layout->addWidget(urlsLabel);
        layout->addWidget(m_urls, 1);
        auto *form = new QFormLayout;
        form->addRow(folderLabel, folderRow);
        layout->addLayout(form);
        layout->addWidget(m_problem);
        layout->addWidget(m_buttons);

        resize(560, 320);
        updateAddButton();
    }

Q_SIGNALS:
    void submitted(const QList<Ferry::DownloadRequest> &requests, const QString &directory);

private:
    void updateAddButton()
    {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_urls->toPlainText().trimmed().isEmpty());
    }

    void chooseDirectory()
    {
        auto *chooser = new QFileDialog(this, tr("Download Folder"), m_directory->text());
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        chooser->setFileMode(QFileDialog::Directory);
        chooser->setOption(QFileDialog::ShowDirsOnly);
        connect(chooser, &QFileDialog::fileSelected, m_directory, &QLineEdit::setText);
        chooser->open();
    }

    void showProblem(const QString &text)
    {
        m_problem->setText(text);
        m_problem->setVisible(true);
    }

    void tryAccept()
    {
        const QString directory = QDir::cleanPath(m_directory->text().trimmed());
        if (m_directory->text().trimmed().isEmpty() || !QDir::isAbsolutePath(directory)) {
            showProblem(tr("Choose a download folder (a full path)."));
            m_directory->setFocus();
            return;
        }
        const ParsedUrls parsed = parseUrlLines(m_urls->toPlainText().split(u'\n'));
        if (!parsed.urls.isEmpty()) {
            QList<DownloadRequest> requests;
            requests.reserve(parsed.urls.size());
            for (const QUrl &url : parsed.urls) {
                DownloadRequest request;
                request.url = url;
                request.directory = directory;
                requests.append(request);
            }
            Q_EMIT submitted(requests, directory);
        }
        if (parsed.rejected.isEmpty()) {
            accept();
            return;
        }
        m_urls->setPlainText(parsed.rejected.join(u'\n'));
        const QString added = parsed.urls.isEmpty()
            ? QString()
            : tr("Added %n download(s). ", "", int(parsed.urls.size()));
        showProblem(added
                    + tr("Not added, because these are not http or https URLs (correct them, or "
                         "cancel):\n%1").arg(parsed.rejected.join(u'\n')));
        m_urls->setFocus();
    }

    QPlainTextEdit *m_urls;
    QLineEdit *m_directory;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

MainWindow::MainWindow(TaskTableModel *model, const QString &downloadDirectory, QWidget *parent)
    : QMainWindow(parent), m_model(model), m_directory(downloadDirectory)
{
    Q_ASSERT(model);
    setWindowTitle(tr("Ferry"));
    createActions();
    createView();
    createMenus();

    m_totalsLabel = new QLabel(this);
    m_totalsLabel->setObjectName(u"totalsLabel"_s);
    m_totalsLabel->setAccessibleName(tr("Transfer totals"));
    statusBar()->addPermanentWidget(m_totalsLabel);

    // Once per engine batch (not once per changed row): totals and the enabled actions depend on the
    // states of the selected rows, which a batch may change.
    connect(m_model, &TaskTableModel::totalsChanged, this, [this] {
        updateTotals();
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateTotals);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateTotals);

    updateTotals();
    updateActions();
    resize(980, 560);
}

MainWindow::~MainWindow() = default;

QIcon MainWindow::themeIcon(const QString &name, int fallback) const
{
    return QIcon::fromTheme(name, style()->standardIcon(QStyle::StandardPixmap(fallback)));
}

void MainWindow::createActions()
{
    m_addAction = new QAction(themeIcon(u"list-add"_s, QStyle::SP_ArrowDown), tr("&Add URLs\u2026"), this);
    m_addAction->setObjectName(u"addAction"_s);
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(tr("Add downloads from a list of URLs"));
    connect(m_addAction, &QAction::triggered, this, &MainWindow::openAddDialog);

    m_pauseAction = new QAction(themeIcon(u"media-playback-pause"_s, QStyle::SP_MediaPause), tr("&Pause"), this);
    m_pauseAction->setObjectName(u"pauseAction"_s);
    m_pauseAction->setToolTip(tr("Pause the selected downloads"));
    connect(m_pauseAction, &QAction::triggered, this, [this] {
        if (const auto ids = selectedIds(canPause); !ids.isEmpty())
            Q_EMIT pauseRequested(ids);
    });

    m_resumeAction = new QAction(themeIcon(u"media-playback-start"_s, QStyle::SP_MediaPlay), tr("&Resume"), this);
    m_resumeAction->setObjectName(u"resumeAction"_s);
    m_resumeAction->setToolTip(tr("Resume the selected downloads"));
    connect(m_resumeAction, &QAction::triggered, this, [this] {
        if (const auto ids = selectedIds(canResume); !ids.isEmpty())
            Q_EMIT resumeRequested(ids);
    });

    m_cancelAction = new QAction(themeIcon(u"process-stop"_s, QStyle::SP_BrowserStop), tr("&Cancel"), this);
    m_cancelAction->setObjectName(u"cancelAction"_s);
    m_cancelAction->setToolTip(tr("Cancel the selected downloads"));
    m_cancelAction->setShortcut(QKeySequence::Delete);
    // Only while the queue has focus, so Delete keeps working in text fields.
    m_cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_cancelAction, &QAction::triggered, this, [this] {
        if (const auto ids = selectedIds(canCancel); !ids.isEmpty())
            Q_EMIT cancelRequested(ids);
    });

    m_quitAction = new QAction(themeIcon(u"application-exit"_s, QStyle::SP_DialogCloseButton), tr("&Quit"), this);
    m_quitAction->setObjectName(u"quitAction"_s);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    auto *toolBar = addToolBar(tr("Main Toolbar"));
    toolBar->setObjectName(u"mainToolBar"_s);
    toolBar->setAccessibleName(tr("Main toolbar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_addAction);
    toolBar->addSeparator();
    toolBar->addAction(m_pauseAction);
    toolBar->addAction(m_resumeAction);
    toolBar->addAction(m_cancelAction);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *downloads = menuBar()->addMenu(tr("&Downloads"));
    downloads->addAction(m_pauseAction);
    downloads->addAction(m_resumeAction);
    downloads->addAction(m_cancelAction);
}

void MainWindow::createView()
{
    m_model->setFallbackFileIcon(style()->standardIcon(QStyle::SP_FileIcon));

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TaskTableModel::RawValueRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortLocaleAware(true);

    m_view = new QTableView(this);
    m_view->setObjectName(u"taskView"_s);
    m_view->setAccessibleName(tr("Download queue"));
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
    m_view->addAction(m_cancelAction);  // its shortcut is scoped to the view
    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::showContextMenu);

    // Fixed row heights: the view never measures thousands of rows.
    QHeaderView *rows = m_view->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(fontMetrics().height() + 8);

    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionsMovable(true);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TaskTableModel::Name, QHeaderView::Stretch);
    // Widths from what the cells will hold, so numbers are not elided at the default font size.
    const QLocale locale;
    const auto fit = [this, header](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        const int text = std::max(fontMetrics().horizontalAdvance(sample), fontMetrics().horizontalAdvance(title));
        header->resizeSection(column, text + 3 * fontMetrics().averageCharWidth());
    };
    fit(TaskTableModel::Status, tr("Queued: waiting for a slot"));
    header->resizeSection(TaskTableModel::Progress,
                          2 * fontMetrics().horizontalAdvance(TaskTableModel::formatPercent(1.0, locale)));
    const auto widest = qint64(1023.8 * 1024 * 1024);  // "1,023.8 MiB": the longest before the next unit
    fit(TaskTableModel::Size, TaskTableModel::formatSize(widest, locale));
    fit(TaskTableModel::Done, TaskTableModel::formatSize(widest, locale));
    fit(TaskTableModel::Speed, TaskTableModel::formatSpeed(double(widest), locale));
    fit(TaskTableModel::Eta, TaskTableModel::formatEta(23 * 3600 + 58 * 60, locale));
    fit(TaskTableModel::Finished, locale.toString(QDateTime(QDate(2088, 12, 28), QTime(18, 58)), QLocale::ShortFormat));
    // No sort column at first: rows stay in queue order until the user clicks a header.
    header->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    setCentralWidget(m_view);
}

QList<DownloadId> MainWindow::selectedIds(const std::function<bool(DownloadState)> &applies) const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) {
        return a.row() < b.row();
    });
    QList<DownloadId> ids;
    ids.reserve(rows.size());
    for (const QModelIndex &row : std::as_const(rows)) {
        const auto state = DownloadState(row.data(TaskTableModel::StateRole).toInt());
        if (applies(state))
            ids.append(row.data(TaskTableModel::DownloadIdRole).value<DownloadId>());
    }
    return ids;
}

void MainWindow::updateActions()
{
    bool pause = false, resume = false, cancel = false;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows) {
        const auto state = DownloadState(row.data(TaskTableModel::StateRole).toInt());
        pause = pause || canPause(state);
        resume = resume || canResume(state);
        cancel = cancel || canCancel(state);
        if (pause && resume && cancel)
            break;
    }
    m_pauseAction->setEnabled(pause);
    m_resumeAction->setEnabled(resume);
    m_cancelAction->setEnabled(cancel);
}

void MainWindow::updateTotals()
{
    const QString active = tr("Active: %1 of %2").arg(m_model->activeCount()).arg(m_model->rowCount());
    const QString speed = tr("Speed: %1").arg(TaskTableModel::formatSpeed(double(m_model->totalSpeed())));
    m_totalsLabel->setText(active + u"    " + speed);
}

void MainWindow::showContextMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_pauseAction);
    menu->addAction(m_resumeAction);
    menu->addAction(m_cancelAction);
    menu->addSeparator();
    menu->addAction(m_addAction);
    menu->popup(m_view->viewport()->mapToGlobal(pos));
}

void MainWindow::openAddDialog()
{
    if (m_addDialog) {
        m_addDialog->raise();
        m_addDialog->activateWindow();
        return;
    }
    m_addDialog = new AddUrlsDialog(m_directory, this);
    m_addDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_addDialog, &AddUrlsDialog::submitted, this, &MainWindow::submit);
    m_addDialog->open();
}

void MainWindow::submit(const QList<DownloadRequest> &requests, const QString &directory)
{
    m_directory = directory;  // the next dialog starts where this one saved
    Q_EMIT addRequested(requests);
    statusBar()->showMessage(tr("Added %n download(s)", "", int(requests.size())), 5000);
}

void MainWindow::showFinished(const DownloadSnapshot &result)
{
    const QString name = displayName(result);
    QString message;
    switch (result.state) {
    case DownloadState::Succeeded: message = tr("Finished %1").arg(name); break;
    case DownloadState::Failed: message = tr("Failed %1: %2").arg(name, result.error.message()); break;
    case DownloadState::Cancelled: message = tr("Cancelled %1").arg(name); break;
    default: return;
    }
    statusBar()->showMessage(message, 5000);
}

} // namespace Ferry

#include "mainwindow.moc"
