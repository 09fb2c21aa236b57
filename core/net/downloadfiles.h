#pragma once

#include "net/partialfile.h"
#include "net/resumestate.h"
#include "task/taskerror.h"
#include "util/serialexecutor.h"

#include <QPointer>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QObject;
class QThreadPool;

namespace Ferry {

// The files of one download in the user's folder: the partial file it writes into, the resume state
// beside it, and the final name it is published under. Work that may wait on the disk (sync, rename,
// removal) runs in order on a serial queue over the disk pool, so a checkpoint never lands after the
// publish or removal queued behind it; results come back on the context object's thread.
class DownloadFiles
{
public:
    DownloadFiles(QString directory, QThreadPool *disk, QObject *context);
    ~DownloadFiles();  // waits for queued work: a last checkpoint must land before the process ends
    DownloadFiles(const DownloadFiles &) = delete;
    DownloadFiles &operator=(const DownloadFiles &) = delete;

    static QString partialSuffix() { return QStringLiteral(".ferry-part"); }
    static QString resumeSuffix() { return QStringLiteral(".ferry-resume"); }

    // Opens (and creates) the folder, then looks for this URL's partial file among "base.ferry-part",
    // "base (1).ferry-part", ...: the first whose resume state names the URL is ours, and so is one
    // left without any state by a run killed early (nobody holds its lock). Otherwise the first free
    // name is remembered for create(). *earlier gets the resume state found, if any.
    TaskError locate(const QUrl &url, const QString &base, std::optional<ResumeState> *earlier, QString *note);
    // Before create(): moves into the subfolder `name` of the folder (a category, decided once the
    // server named the file) and locates there as locate() does. The partial file must not be open.
    TaskError locateIn(const QString &name, const QUrl &url, const QString &base, std::optional<ResumeState> *earlier,
                       QString *note);
    // Creates the partial file under the located name, or empties the one already held.
    TaskError create();

    bool isOpen() const { return m_partial.isOpen(); }
    PartialFile &partial() { return m_partial; }
    QString folderPath() const { return m_folder.path(); }
    QString partialPath() const { return m_folder.filePath(m_partial.name()); }
    QString filePath(const QString &name) const { return m_folder.filePath(name); }
    qint64 freeBytes() const { return m_folder.freeBytes(); }

    // Syncs the partial file, then saves `state` (copied before the sync, so it never claims bytes
    // the sync did not cover). Skipped while the previous checkpoint is still running, unless forced.
    void checkpoint(const ResumeState &state, bool force, std::function<void(const TaskError &)> onError);
    // Moves the partial file to the first free name among wanted, "wanted (1)", ..., and drops the resume
    // state; the partial file is closed on success. The bytes are synced first when `sync` is set or a
    // checkpoint was ever saved (see Download::publish for why short downloads skip it).
    void publish(const QString &wanted, bool sync,
                 std::function<void(const TaskError &, const QString &path)> done);
    // Moves the bytes aside under `aside` (never resumable again) and drops the resume state.
    void moveAside(const QString &aside, std::function<void(const TaskError &, const QString &path)> done);
    // Removes the partial file and its resume state.
    void discard();

private:
    QString sidecarName() const { return m_base + resumeSuffix(); }

    TargetFolder m_folder;
    QString m_base;  // "name" of "name.ferry-part"
    PartialFile m_partial;
    QPointer<QObject> m_context;
    bool m_stateSaved = false;  // a resume state may exist on disk
    std::shared_ptr<std::atomic<bool>> m_checkpointBusy = std::make_shared<std::atomic<bool>>(false);
    SerialExecutor m_queue;  // last: its jobs use the members above
};

} // namespace Ferry
