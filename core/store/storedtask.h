#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace Ferry {

// One task as the store keeps it: plain values, no behaviour. The engine turns it into a live task
// and back. The JSON blobs are opaque to the store (the pipeline's steps, the resume data, the last
// error), so their format can change without a schema migration.
//
// Null and empty are kept apart for strings and blobs (NULL vs '' in SQLite); an invalid QDateTime
// and an empty QUrl are stored as NULL.
struct StoredTask
{
    quint64 id = 0;          // 0 on insert: the store assigns one
    QString kind;            // "download", "extract", ...
    QString title;
    QUrl url;
    QString directory;
    QString fileName;
    int state = 0;           // the engine's state enum, as its integer value
    QString stateDetail;
    qint64 bytesDone = 0;
    qint64 bytesTotal = -1;  // -1 while unknown
    QByteArray pipelineJson;
    QByteArray resumeJson;
    QByteArray errorJson;
    QDateTime added;
    QDateTime started;
    QDateTime finished;
    int priority = 0;
    QList<quint64> dependsOn; // ids of tasks that must finish first, in the order given

    friend bool operator==(const StoredTask &a, const StoredTask &b)
    {
        return a.id == b.id && a.kind == b.kind && a.title == b.title && a.url == b.url
            && a.directory == b.directory && a.fileName == b.fileName && a.state == b.state
            && a.stateDetail == b.stateDetail && a.bytesDone == b.bytesDone
            && a.bytesTotal == b.bytesTotal && a.pipelineJson == b.pipelineJson
            && a.resumeJson == b.resumeJson && a.errorJson == b.errorJson && a.added == b.added
            && a.started == b.started && a.finished == b.finished && a.priority == b.priority
            && a.dependsOn == b.dependsOn;
    }
    friend bool operator!=(const StoredTask &a, const StoredTask &b) { return !(a == b); }
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::StoredTask)
