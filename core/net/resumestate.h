#pragma once

#include "net/contentrange.h"
#include "task/taskerror.h"

#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace Ferry {

// What a partial file holds, kept in a small JSON sidecar beside it ("name.ferry-resume"). It is written
// only after the bytes it describes were synced to disk, so after a kill -9 it may claim less than the
// file holds, never more: on start we trust it, not the file's length.
struct ResumeState
{
    // Bytes [start, start + done) of the range [start, end) are on disk. end is -1 while the total is
    // unknown (a single stream without Content-Length).
    struct Range
    {
        qint64 start = 0;
        qint64 end = -1;
        qint64 done = 0;
        qint64 position() const { return start + done; }
        qint64 remaining() const { return end < 0 ? -1 : end - position(); }
        bool isComplete() const { return end >= 0 && position() >= end; }
        bool operator==(const Range &o) const { return start == o.start && end == o.end && done == o.done; }
    };

    QUrl url;               // what the user asked for: a sidecar for another URL is not ours
    QUrl finalUrl;          // after redirects; ranges are requested here
    Validators validators;  // an If-Range needs one of these
    qint64 total = -1;
    QString fileName;       // the final name we intend (Content-Disposition or URL), before numbering
    QList<Range> ranges;

    qint64 bytesDone() const;
    // How far the file is written without a hole, from byte 0 (what may be hashed in file order).
    qint64 contiguousPrefix() const;
    bool isResumable() const { return validators.canResume() && total >= 0 && !ranges.isEmpty(); }

    QByteArray toJson() const;
    static std::optional<ResumeState> fromJson(const QByteArray &json);

    // Atomic replace (QSaveFile: temp file, fsync, rename), so a kill leaves the old or the new state.
    TaskError save(const QString &path) const;
    // nullopt when missing, unreadable, a symlink, too large, or not a state we wrote.
    static std::optional<ResumeState> load(const QString &path);
};

} // namespace Ferry
