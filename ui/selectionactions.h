#pragma once

#include "engine/tasksnapshot.h"

#include <QObject>

#include <functional>

class QAction;
class QWidget;

namespace Ferry {

// The actions on the selected tasks (pause, resume, cancel, retry, remove, open, copy, move): each
// enabled only when it applies to something selected, each sending only the ids it applies to, in
// view order. They turn into command signals; removals are confirmed first (non-blocking).
class SelectionActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SelectionActions)

public:
    using Selection = std::function<QList<const TaskSnapshot *>()>;

    // selection: the selected tasks in view order, read whenever an action runs or update() is called
    // (not before the first update(), so the view may be made after this).
    // window: parent of the confirmation boxes and source of the style's icons.
    SelectionActions(Selection selection, QWidget *window);

    void update();
    // Enter or double-click on a row: opens a finished file.
    void activate(const TaskSnapshot &task);

    QAction *pause() const { return m_pause; }
    QAction *resume() const { return m_resume; }
    QAction *cancel() const { return m_cancel; }
    QAction *retry() const { return m_retry; }
    QAction *remove() const { return m_remove; }
    QAction *removeWithFiles() const { return m_removeFiles; }
    QAction *open() const { return m_open; }
    QAction *openFolder() const { return m_openFolder; }
    QAction *copyUrl() const { return m_copyUrl; }
    QAction *copyChecksum() const { return m_copyChecksum; }
    QAction *moveUp() const { return m_moveUp; }
    QAction *moveDown() const { return m_moveDown; }
    // The ones whose shortcuts only work while the queue has focus (Delete, Escape, Ctrl+C...).
    QList<QAction *> viewScoped() const;

Q_SIGNALS:
    void pauseRequested(const QList<Ferry::TaskId> &ids);
    void resumeRequested(const QList<Ferry::TaskId> &ids);
    void cancelRequested(const QList<Ferry::TaskId> &ids);
    void retryRequested(const QList<Ferry::TaskId> &ids);
    void removeRequested(const QList<Ferry::TaskId> &ids, bool withFiles);
    void priorityRequested(const QList<Ferry::TaskId> &ids, int priority);

private:
    using Applies = std::function<bool(const TaskSnapshot &)>;

    QAction *make(const QString &icon, int fallback, const QString &text, const char *name, const QString &tip);
    QList<TaskId> ids(const Applies &applies) const;
    void confirmRemove(bool withFiles);
    void openFiles();
    void openFolders();
    void copyUrls();
    void copyChecksums();
    void movePriority(int direction);

    Selection m_selection;
    QWidget *m_window;
    QAction *m_pause;
    QAction *m_resume;
    QAction *m_cancel;
    QAction *m_retry;
    QAction *m_remove;
    QAction *m_removeFiles;
    QAction *m_open;
    QAction *m_openFolder;
    QAction *m_copyUrl;
    QAction *m_copyChecksum;
    QAction *m_moveUp;
    QAction *m_moveDown;
};

} // namespace Ferry
