#pragma once

#include "engine/taskspec.h"
#include "net/downloadtypes.h"

#include <QObject>
#include <QThreadPool>

class QWidget;

namespace Ferry {

class TaskTableModel;

// Stands between the add dialog and the engine: a URL that is already in the queue (or twice in the
// batch), or whose file already exists in its folder (or its category's folder), makes it ask once
// for the whole batch, without blocking: skip the duplicates, or download them again (the engine
// never overwrites: the new file gets the next free name, "name (1).ext"). The queue is checked on the
// GUI thread against the model's copies; the folders on a one-thread pool of its own.
class DuplicateFilter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DuplicateFilter)

public:
    DuplicateFilter(const TaskTableModel *model, QWidget *dialogParent);
    ~DuplicateFilter() override;  // waits for a folder check still running

    // Emits passed() with what should be added: at once when nothing is a duplicate, else after the
    // question was answered (maybe an empty list, when every URL was a skipped duplicate).
    void submit(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe);

    // The name a request's file gets before the server proposes one (the user's, else the URL's).
    static QString expectedName(const DownloadRequest &request);

Q_SIGNALS:
    void passed(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe, int skippedDuplicates);

private:
    void ask(const QList<DownloadRequest> &requests, const Recipe &recipe, const QList<QString> &reasons);

    const TaskTableModel *m_model;
    QWidget *m_dialogParent;
    QThreadPool m_pool;
};

} // namespace Ferry
