#pragma once

#include "task/taskerror.h"

#include <QByteArray>
#include <QMutex>
#include <QSet>
#include <QString>

#include <functional>

namespace Ferry {

// Publishes encoded thumbnails for one batch, from several threads at once. A name is used only if
// nothing is there (not even a dangling symlink) and no other file of this batch claimed it, or if
// a regular file there already holds exactly these bytes (a re-run reuses it). Otherwise the next
// numbered name is tried ("a (1).jpg"). Writes go through QSaveFile, so a failed or cancelled write
// leaves nothing behind.
//
// Between the check and the rename, a file created by another program under the same name would be
// replaced: QSaveFile renames over its target. Within the batch, claims make that impossible.
class ThumbnailWriter
{
public:
    struct Outcome
    {
        QString path;         // the published (or reused) file
        TaskError error;      // Code::Cancelled when isCanceled() turned true before the commit
    };

    ThumbnailWriter() = default;
    ThumbnailWriter(const ThumbnailWriter &) = delete;
    ThumbnailWriter &operator=(const ThumbnailWriter &) = delete;

    // Writes bytes as dir/fileName or its first free numbered variant, creating dir if needed.
    Outcome publish(const QString &dir, const QString &fileName, const QByteArray &bytes,
                    const std::function<bool()> &isCanceled);

private:
    // Claims the first usable name under m_mutex; reused is set when it already holds the bytes.
    QString claim(const QString &dir, const QString &fileName, const QByteArray &bytes, bool &reused);
    TaskError ensureDir(const QString &dir);

    QMutex m_mutex;
    QSet<QString> m_claimed;
    QSet<QString> m_readyDirs;
};

} // namespace Ferry
