#pragma once

#include "steps/thumbnailer.h"

#include <QMutex>
#include <QWaitCondition>

#include <deque>
#include <functional>
#include <memory>

class QThread;

namespace Ferry {

// Publishes prepared thumbnails on a thread of its own while the workers decode the next images:
// QSaveFile's commit waits for the disk (fdatasync), and a CPU worker should not wait with it.
// Holds at most a few thumbnails; post() blocks while the queue is full.
class ThumbnailPublisher final
{
public:
    // published(entry) runs on the publisher's thread after each entry got its final status.
    ThumbnailPublisher(const Thumbnailer &thumbnailer, std::function<bool()> isCanceled,
                       std::function<void(ThumbnailFileResult &)> published);
    ~ThumbnailPublisher(); // finish()
    Q_DISABLE_COPY_MOVE(ThumbnailPublisher)

    // Queues entry's thumbnail. The caller leaves *entry alone until published(*entry) has run
    // (or finish() returned).
    void post(ThumbnailFileResult *entry, EncodedThumbnail encoded);
    // Publishes everything queued, then stops the thread. Idempotent.
    void finish();

private:
    struct Job
    {
        ThumbnailFileResult *entry;
        EncodedThumbnail encoded;
    };

    void run();

    const Thumbnailer &m_thumbnailer;
    std::function<bool()> m_isCanceled;
    std::function<void(ThumbnailFileResult &)> m_published;
    QMutex m_mutex;
    QWaitCondition m_changed;
    std::deque<Job> m_jobs;
    bool m_finishing = false;
    std::unique_ptr<QThread> m_thread;
};

} // namespace Ferry
