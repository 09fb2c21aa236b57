#include "thumbnailpublisher.h"

#include "util/threadpriority.h"

#include <QMutexLocker>
#include <QThread>

namespace Ferry {

namespace {

// Enough to cover a commit's wait for the disk; each entry is one small encoded thumbnail.
constexpr size_t kMaxQueued = 4;

} // namespace

ThumbnailPublisher::ThumbnailPublisher(const Thumbnailer &thumbnailer, std::function<bool()> isCanceled,
                                       std::function<void(ThumbnailFileResult &)> published)
    : m_thumbnailer(thumbnailer),
      m_isCanceled(std::move(isCanceled)),
      m_published(std::move(published)),
      m_thread(QThread::create([this] { run(); }))
{
    m_thread->start();
}

ThumbnailPublisher::~ThumbnailPublisher()
{
    finish();
}

void ThumbnailPublisher::post(ThumbnailFileResult *entry, EncodedThumbnail encoded)
{
    QMutexLocker lock(&m_mutex);
    Q_ASSERT(!m_finishing);
    while (m_jobs.size() >= kMaxQueued)
        m_changed.wait(&m_mutex);
    m_jobs.push_back({ entry, std::move(encoded) });
    m_changed.wakeAll();
}

void ThumbnailPublisher::finish()
{
    {
        const QMutexLocker lock(&m_mutex);
        m_finishing = true;
        m_changed.wakeAll();
    }
    m_thread->wait();
}

void ThumbnailPublisher::run()
{
    lowerCurrentThread(ThreadRole::Cpu); // below the GUI thread, like the workers
    for (;;) {
        QMutexLocker lock(&m_mutex);
        while (m_jobs.empty() && !m_finishing)
            m_changed.wait(&m_mutex);
        if (m_jobs.empty())
            return; // finishing, and nothing left
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_changed.wakeAll(); // a worker may wait for room
        lock.unlock();
        // A cancelled step still gets every queued entry back: the writer refuses to commit then.
        m_thumbnailer.publish(*job.entry, job.encoded, m_isCanceled);
        m_published(*job.entry);
    }
}

} // namespace Ferry
