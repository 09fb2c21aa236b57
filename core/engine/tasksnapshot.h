#pragma once

#include "engine/taskspec.h"
#include "net/downloadtypes.h"
#include "task/taskerror.h"
#include "task/taskstate.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace Ferry {

// What the GUI sees of a task: a copy, published in batches at most ~30 times a second.
struct TaskSnapshot
{
    enum class Unit { Bytes, PerMille };

    TaskId id = 0;
    TaskKind kind = TaskKind::Noop;
    QString title;
    TaskStatus status;
    int priority = 0;
    QUrl url;              // downloads: what the user asked for
    QUrl finalUrl;         // downloads: after redirects
    QString input;         // processing: the file or folder it works on, once known
    qint64 inputBytes = -1;  // processing: the input file's size once started; -1 for a folder
    QString outputPath;    // the finished file or folder; for a running download its partial file
    QString fileName;      // downloads: the name the file gets (the server's proposal), once known
    Unit unit = Unit::Bytes;
    qint64 done = 0;
    qint64 total = -1;     // -1: unknown
    QString progressText;  // "12/200 photo.jpg", "340 entries"
    double speed = 0;      // bytes/s for downloads
    qint64 etaSeconds = -1;
    int connections = 0;
    DigestMap digests;     // computed while downloading, or by a Hash step
    TaskError error;
    QList<TaskId> dependsOn;
    QDateTime added;
    QDateTime started;
    QDateTime finished;

    bool isFinished() const { return Ferry::isFinished(status.state); }
};

struct TaskLogLine
{
    TaskId id = 0;
    QString line;  // "HH:mm:ss.zzz text"
};

} // namespace Ferry

// Every member is a number, an enum or an implicitly shared Qt value (one pointer each), so a
// snapshot can be moved with memmove. Without this, a QList of 10,000 of them that grows past its
// capacity copy-constructs every row: 5 ms of one GUI-thread slice when the first download is
// added to a full model.
Q_DECLARE_TYPEINFO(Ferry::TaskSnapshot, Q_RELOCATABLE_TYPE);

Q_DECLARE_METATYPE(Ferry::TaskSnapshot)
Q_DECLARE_METATYPE(Ferry::TaskLogLine)
