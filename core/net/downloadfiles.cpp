#include "downloadfiles.h"

#include "net/filenames.h"

#include <QObject>

#include <unistd.h>

namespace Ferry {

namespace {
constexpr int kMaxCandidates = 1000;
}

DownloadFiles::DownloadFiles(QString directory, QThreadPool *disk, QObject *context)
    : m_folder(std::move(directory)), m_context(context), m_queue(disk)
{
}

DownloadFiles::~DownloadFiles()
{
    m_queue.waitForIdle();
}

TaskError DownloadFiles::locate(const QUrl &url, const QString &base, std::optional<ResumeState> *earlier,
                                QString *note)
{
    if (const TaskError e = m_folder.open(); e.isError())
        return e;
    for (int n = 0; n < kMaxCandidates; ++n) {
        const QString candidate = FileNames::numbered(base, n);
        TaskError error;
        const auto result = m_partial.open(m_folder, candidate + partialSuffix(), PartialFile::OpenMode::OpenExisting,
                                           &error);
        if (result == PartialFile::OpenResult::Failed)
            return error;
        if (result == PartialFile::OpenResult::Missing) {
            m_base = candidate;
            // A resume state whose partial file is gone (deleted by hand, or its folder was) describes
            // nothing: ours to replace, and to remove on publish, or it would sit beside the new file.
            m_stateSaved = m_folder.exists(candidate + resumeSuffix());
            return {};
        }
        if (result != PartialFile::OpenResult::Opened)
            continue;  // another download or process holds it, or it is not a regular file
        const auto state = ResumeState::load(m_folder.filePath(candidate + resumeSuffix()));
        if (state && state->url == url) {
            m_base = candidate;
            m_stateSaved = true;
            *earlier = state;
            return {};
        }
        if (!state) {
            m_stateSaved = m_folder.exists(candidate + resumeSuffix());  // unreadable: ours to replace
            // No resume state and nobody holds the lock: a run killed before its first checkpoint left
            // this. Nothing in it can be trusted, but the name is ours to reuse.
            m_base = candidate;
            *note = QStringLiteral("Reusing %1, left without resume state by an earlier run").arg(m_partial.name());
            return {};
        }
        m_partial.close();  // another URL's partial file: leave it alone
    }
    return { TaskError::Code::FileSystem, QStringLiteral("Too many partial files named like %1").arg(base) };
}

TaskError DownloadFiles::locateIn(const QString &name, const QUrl &url, const QString &base,
                                  std::optional<ResumeState> *earlier, QString *note)
{
    Q_ASSERT(!m_partial.isOpen());
    // Nothing is queued yet (every queued job needs an open partial file), so no job sees the switch.
    if (const TaskError e = m_folder.enter(name); e.isError())
        return e;
    m_stateSaved = false;
    return locate(url, base, earlier, note);
}

TaskError DownloadFiles::create()
{
    if (m_partial.isOpen())
        return m_partial.truncate(0);
    const QString base = m_base;
    for (int n = 0; n < kMaxCandidates; ++n) {
        const QString candidate = n == 0 ? base : FileNames::numbered(base, n);
        TaskError error;
        const auto result = m_partial.open(m_folder, candidate + partialSuffix(), PartialFile::OpenMode::CreateNew,
                                           &error);
        if (result == PartialFile::OpenResult::Opened) {
            m_base = candidate;
            return {};
        }
        if (result == PartialFile::OpenResult::Failed)
            return error;
    }
    return { TaskError::Code::FileSystem, QStringLiteral("Too many partial files named like %1").arg(base) };
}

void DownloadFiles::checkpoint(const ResumeState &state, bool force, std::function<void(const TaskError &)> onError)
{
    if (!m_partial.isOpen() || (!force && m_checkpointBusy->load()))
        return;
    m_checkpointBusy->store(true);
    m_stateSaved = true;
    const int fd = ::dup(m_partial.fd());
    const QString path = m_folder.filePath(sidecarName());
    m_queue.post([this, fd, state, path, busy = m_checkpointBusy, onError = std::move(onError)] {
        const bool synced = ::fdatasync(fd) == 0;
        ::close(fd);
        const TaskError error = synced ? state.save(path)
                                       : TaskError{ TaskError::Code::FileSystem,
                                                    QStringLiteral("Cannot sync the partial file %1").arg(path) };
        busy->store(false);
        if (error.isError() && m_context)
            QMetaObject::invokeMethod(m_context, [onError, error] { onError(error); }, Qt::QueuedConnection);
    });
}

void DownloadFiles::publish(const QString &wanted, bool sync,
                            std::function<void(const TaskError &, const QString &)> done)
{
    const int fd = sync || m_stateSaved ? ::dup(m_partial.fd()) : -1;
    const QString partialName = m_partial.name();
    const bool stateSaved = m_stateSaved;
    m_queue.post([this, fd, partialName, wanted, stateSaved, done = std::move(done)] {
        if (fd >= 0) {
            ::fdatasync(fd);
            ::close(fd);
        }
        QString published;
        const TaskError error = m_folder.publish(partialName, wanted, &published);
        if (!error.isError() && stateSaved)
            m_folder.remove(sidecarName());
        const QString path = m_folder.filePath(published);
        QMetaObject::invokeMethod(m_context, [this, done, error, path] {
            if (!error.isError())
                m_partial.close();
            done(error, path);
        }, Qt::QueuedConnection);
    });
}

void DownloadFiles::moveAside(const QString &aside, std::function<void(const TaskError &, const QString &)> done)
{
    const QString partialName = m_partial.name();
    const bool stateSaved = m_stateSaved;
    m_queue.post([this, partialName, aside, stateSaved, done = std::move(done)] {
        QString kept;
        const TaskError error = m_folder.publish(partialName, aside, &kept);
        if (stateSaved)
            m_folder.remove(sidecarName());
        const QString path = m_folder.filePath(kept);
        QMetaObject::invokeMethod(m_context, [this, done, error, path] {
            m_partial.close();
            done(error, path);
        }, Qt::QueuedConnection);
    });
}

void DownloadFiles::discard()
{
    if (!m_partial.isOpen())
        return;
    const QString partialName = m_partial.name();
    m_queue.post([this, partialName] {
        m_folder.remove(partialName);
        m_folder.remove(sidecarName());
    });
}

} // namespace Ferry
