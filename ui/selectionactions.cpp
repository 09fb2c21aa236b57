#include "selectionactions.h"

#include "actionicon.h"
#include "clipboardmonitor.h"

#include <QAction>
#include <QDesktopServices>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QWidget>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool canPause(const TaskSnapshot &s) { return isValidTransition(s.status.state, TaskState::Paused); }
bool canResume(const TaskSnapshot &s) { return s.status.state == TaskState::Paused; }
bool canCancel(const TaskSnapshot &s) { return isValidTransition(s.status.state, TaskState::Cancelled); }
bool canRetry(const TaskSnapshot &s) { return s.isFinished() && isValidTransition(s.status.state, TaskState::Queued); }
bool canOpen(const TaskSnapshot &s) { return s.status.state == TaskState::Succeeded && !s.outputPath.isEmpty(); }
bool anything(const TaskSnapshot &) { return true; }
bool hasUrl(const TaskSnapshot &s) { return s.url.isValid(); }
bool hasDigests(const TaskSnapshot &s) { return !s.digests.isEmpty(); }
bool canReprioritise(const TaskSnapshot &s) { return !s.isFinished(); }

// The file to show in a folder: the output once there is one, else the input of a step.
QString locationOf(const TaskSnapshot &s)
{
    return s.outputPath.isEmpty() ? s.input : s.outputPath;
}
bool hasLocation(const TaskSnapshot &s) { return !locationOf(s).isEmpty(); }

} // namespace

SelectionActions::SelectionActions(Selection selection, QWidget *window)
    : QObject(window), m_selection(std::move(selection)), m_window(window)
{
    m_pause = make(u"media-playback-pause"_s, QStyle::SP_MediaPause, tr("&Pause"), "pauseAction",
                   tr("Pause the selected tasks"));
    m_pause->setShortcut(Qt::CTRL | Qt::Key_P);
    connect(m_pause, &QAction::triggered, this, [this] {
        if (const auto list = ids(canPause); !list.isEmpty())
            Q_EMIT pauseRequested(list);
    });

    m_resume = make(u"media-playback-start"_s, QStyle::SP_MediaPlay, tr("&Resume"), "resumeAction",
                    tr("Resume the selected tasks"));
    m_resume->setShortcut(Qt::CTRL | Qt::Key_R);
    connect(m_resume, &QAction::triggered, this, [this] {
        if (const auto list = ids(canResume); !list.isEmpty())
            Q_EMIT resumeRequested(list);
    });

    m_cancel = make(u"process-stop"_s, QStyle::SP_BrowserStop, tr("&Cancel"), "cancelAction",
                    tr("Cancel the selected tasks"));
    m_cancel->setShortcut(Qt::Key_Escape);
    connect(m_cancel, &QAction::triggered, this, [this] {
        if (const auto list = ids(canCancel); !list.isEmpty())
            Q_EMIT cancelRequested(list);
    });

    m_retry = make(u"view-refresh"_s, QStyle::SP_BrowserReload, tr("Re&try"), "retryAction",
                   tr("Start the selected failed or cancelled tasks again"));
    m_retry->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_R);
    connect(m_retry, &QAction::triggered, this, [this] {
        if (const auto list = ids(canRetry); !list.isEmpty())
            Q_EMIT retryRequested(list);
    });

    m_remove = make(u"list-remove"_s, QStyle::SP_TrashIcon, tr("Re&move"), "removeAction",
                    tr("Remove the selected tasks from the list; files stay"));
    m_remove->setShortcut(QKeySequence::Delete);
    connect(m_remove, &QAction::triggered, this, [this] { confirmRemove(false); });

    m_removeFiles = make(u"edit-delete"_s, QStyle::SP_TrashIcon, tr("Remove with &Files"), "removeFilesAction",
                         tr("Remove the selected tasks and delete their files"));
    m_removeFiles->setShortcut(Qt::SHIFT | Qt::Key_Delete);
    connect(m_removeFiles, &QAction::triggered, this, [this] { confirmRemove(true); });

    m_open = make(u"document-open"_s, QStyle::SP_FileIcon, tr("&Open"), "openAction", tr("Open the finished file"));
    connect(m_open, &QAction::triggered, this, &SelectionActions::openFiles);

    m_openFolder = make(u"folder-open"_s, QStyle::SP_DirOpenIcon, tr("Open Containing &Folder"), "openFolderAction",
                        tr("Show the folder that holds the file"));
    connect(m_openFolder, &QAction::triggered, this, &SelectionActions::openFolders);

    m_copyUrl = make(u"edit-copy"_s, QStyle::SP_FileLinkIcon, tr("Copy &URL"), "copyUrlAction",
                     tr("Copy the URLs of the selected downloads"));
    m_copyUrl->setShortcut(QKeySequence::Copy);
    connect(m_copyUrl, &QAction::triggered, this, &SelectionActions::copyUrls);

    m_copyChecksum = make(u"edit-copy"_s, QStyle::SP_FileDialogDetailedView, tr("Copy C&hecksum"),
                          "copyChecksumAction", tr("Copy the digests computed for the selected tasks"));
    connect(m_copyChecksum, &QAction::triggered, this, &SelectionActions::copyChecksums);

    m_moveUp = make(u"go-up"_s, QStyle::SP_ArrowUp, tr("Move &Up"), "moveUpAction",
                    tr("Start the selected tasks before the others"));
    m_moveUp->setShortcut(Qt::CTRL | Qt::Key_Up);
    connect(m_moveUp, &QAction::triggered, this, [this] { movePriority(+1); });

    m_moveDown = make(u"go-down"_s, QStyle::SP_ArrowDown, tr("Move &Down"), "moveDownAction",
                      tr("Start the selected tasks after the others"));
    m_moveDown->setShortcut(Qt::CTRL | Qt::Key_Down);
    connect(m_moveDown, &QAction::triggered, this, [this] { movePriority(-1); });

    for (QAction *action : viewScoped())
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
}

QList<QAction *> SelectionActions::viewScoped() const
{
    return {m_pause, m_resume, m_cancel, m_retry, m_remove, m_removeFiles, m_copyUrl, m_moveUp, m_moveDown};
}

QAction *SelectionActions::make(const QString &icon, int fallback, const QString &text, const char *name,
                                const QString &tip)
{
    auto *action = new QAction(actionIcon(icon, QStyle::StandardPixmap(fallback), m_window->style()), text, this);
    action->setObjectName(QString::fromLatin1(name));
    action->setToolTip(tip);
    return action;
}

QList<TaskId> SelectionActions::ids(const Applies &applies) const
{
    QList<TaskId> result;
    for (const TaskSnapshot *task : m_selection()) {
        if (applies(*task))
            result.append(task->id);
    }
    return result;
}

void SelectionActions::update()
{
    const QList<const TaskSnapshot *> tasks = m_selection();
    const auto any = [&tasks](const Applies &applies) {
        return std::any_of(tasks.cbegin(), tasks.cend(), [&](const TaskSnapshot *t) { return applies(*t); });
    };
    m_pause->setEnabled(any(canPause));
    m_resume->setEnabled(any(canResume));
    m_cancel->setEnabled(any(canCancel));
    m_retry->setEnabled(any(canRetry));
    m_remove->setEnabled(!tasks.isEmpty());
    m_removeFiles->setEnabled(!tasks.isEmpty());
    m_open->setEnabled(any(canOpen));
    m_openFolder->setEnabled(any(hasLocation));
    m_copyUrl->setEnabled(any(hasUrl));
    m_copyChecksum->setEnabled(any(hasDigests));
    m_moveUp->setEnabled(any(canReprioritise));
    m_moveDown->setEnabled(any(canReprioritise));
}

void SelectionActions::activate(const TaskSnapshot &task)
{
    if (canOpen(task))
        QDesktopServices::openUrl(QUrl::fromLocalFile(task.outputPath));
}

void SelectionActions::confirmRemove(bool withFiles)
{
    const QList<TaskId> list = ids(anything);
    if (list.isEmpty())
        return;
    const int n = int(list.size());
    auto *box = new QMessageBox(QMessageBox::Question, withFiles ? tr("Remove with Files") : tr("Remove"),
                                withFiles ? tr("Remove %n task(s) and delete their files?", "", n)
                                          : tr("Remove %n task(s) from the list? Files stay on disk.", "", n),
                                QMessageBox::Cancel, m_window);
    box->setObjectName(u"confirmRemoveBox"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *remove = box->addButton(withFiles ? tr("Remove and Delete Files") : tr("Remove"),
                                         withFiles ? QMessageBox::DestructiveRole : QMessageBox::AcceptRole);
    remove->setObjectName(u"confirmRemoveButton"_s);
    // Deleting files is not the default answer; removing from the list is.
    box->setDefaultButton(withFiles ? qobject_cast<QPushButton *>(box->button(QMessageBox::Cancel)) : remove);
    connect(box, &QMessageBox::buttonClicked, this, [this, list, withFiles, remove](QAbstractButton *clicked) {
        if (clicked == remove)
            Q_EMIT removeRequested(list, withFiles);
    });
    box->open();  // window-modal, no nested event loop
}

void SelectionActions::openFiles()
{
    for (const TaskSnapshot *task : m_selection())
        activate(*task);
}

void SelectionActions::openFolders()
{
    QStringList folders;
    for (const TaskSnapshot *task : m_selection()) {
        // String work only: absolutePath() of an absolute path does not touch the disk.
        if (const QString location = locationOf(*task); !location.isEmpty()) {
            const QString folder = QFileInfo(location).absolutePath();
            if (!folders.contains(folder))
                folders.append(folder);
        }
    }
    for (const QString &folder : std::as_const(folders))
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

void SelectionActions::copyUrls()
{
    QStringList urls;
    for (const TaskSnapshot *task : m_selection()) {
        if (hasUrl(*task))
            urls.append(task->url.toString(QUrl::FullyEncoded));
    }
    if (!urls.isEmpty())
        ClipboardMonitor::copyText(urls.join(u'\n'));
}

void SelectionActions::copyChecksums()
{
    // sha256sum's format with the algorithm named, so a pasted line says what it is.
    QStringList lines;
    for (const TaskSnapshot *task : m_selection()) {
        const QString name = QFileInfo(locationOf(*task)).fileName();
        for (const auto &[algorithm, digest] : task->digests)
            lines.append(hashAlgorithmName(algorithm) + u':' + QString::fromLatin1(digest.toHex())
                         + (name.isEmpty() ? QString() : u"  "_s + name));
    }
    if (!lines.isEmpty())
        ClipboardMonitor::copyText(lines.join(u'\n'));
}

void SelectionActions::movePriority(int direction)
{
    // Above the highest (or below the lowest) selected priority: the selection starts before (after)
    // the tasks that shared its priority, in its own order.
    QList<TaskId> list;
    int best = direction > 0 ? std::numeric_limits<int>::min() : std::numeric_limits<int>::max();
    for (const TaskSnapshot *task : m_selection()) {
        if (!canReprioritise(*task))
            continue;
        list.append(task->id);
        best = direction > 0 ? std::max(best, task->priority) : std::min(best, task->priority);
    }
    if (!list.isEmpty())
        Q_EMIT priorityRequested(list, best + direction);
}

} // namespace Ferry
