#pragma once

#include "engine/tasksnapshot.h"
#include "net/downloadtypes.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Ferry {

// Everything a details panel shows of one task, answered on request (TaskEngine::requestDetails)
// rather than published with every batch: the log, the download's server, validators and ranges,
// and the other steps of its pipeline.
struct TaskDetails
{
    TaskId id = 0;
    bool exists = false;    // false: the task is gone (removed); the rest is empty
    TaskSnapshot task;
    QStringList log;        // "HH:mm:ss.zzz text", oldest first
    DownloadDetails download;  // downloads: live while running, else as the last run left it
    QString expected;       // the checksum it must match, "sha256:ab12..." (download or verify step)
    QList<TaskSnapshot> pipeline;  // every task linked to this one by dependencies, in id order
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::TaskDetails)
