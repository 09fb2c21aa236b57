#include "store/taskrow.h"

#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// A typed NULL: say NULL explicitly rather than trust how a driver binds a null QString.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}
QVariant blob(const QByteArray &value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(value);
}
QVariant link(const QUrl &url)
{
    return url.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                         : QVariant(QString::fromUtf8(url.toEncoded()));
}
QVariant moment(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

// SQLite hands back a zero-length value as a null QString/QByteArray: only SQL NULL is null.
QString readText(const QSqlQuery &query, int column)
{
    if (query.isNull(column))
        return {};
    const QString value = query.value(column).toString();
    return value.isNull() ? u""_s : value;
}
QByteArray readBlob(const QSqlQuery &query, int column)
{
    if (query.isNull(column))
        return {};
    const QByteArray value = query.value(column).toByteArray();
    return value.isNull() ? QByteArray("") : value;
}
QDateTime readMoment(const QSqlQuery &query, int column)
{
    if (query.isNull(column))
        return {};
    return QDateTime::fromMSecsSinceEpoch(query.value(column).toLongLong(), Qt::UTC);
}

} // namespace

QString TaskRow::columns()
{
    return u"kind, title, url, directory, file_name, state, state_detail, bytes_done, bytes_total, "
           "pipeline, resume, error, added_ms, started_ms, finished_ms, priority"_s;
}

void TaskRow::bind(QSqlQuery &query, int first, const StoredTask &task)
{
    const QVariant values[FieldCount] = {
        text(task.kind), text(task.title), link(task.url), text(task.directory),
        text(task.fileName), task.state, text(task.stateDetail), task.bytesDone,
        task.bytesTotal, blob(task.pipelineJson), blob(task.resumeJson), blob(task.errorJson),
        moment(task.added), moment(task.started), moment(task.finished), task.priority,
    };
    for (int i = 0; i < FieldCount; ++i)
        query.bindValue(first + i, values[i]);
}

StoredTask TaskRow::read(const QSqlQuery &query)
{
    StoredTask task;
    task.id = query.value(0).toULongLong();
    task.kind = readText(query, 1);
    task.title = readText(query, 2);
    if (!query.isNull(3))
        task.url = QUrl::fromEncoded(query.value(3).toString().toUtf8());
    task.directory = readText(query, 4);
    task.fileName = readText(query, 5);
    task.state = query.value(6).toInt();
    task.stateDetail = readText(query, 7);
    task.bytesDone = query.value(8).toLongLong();
    task.bytesTotal = query.value(9).toLongLong();
    task.pipelineJson = readBlob(query, 10);
    task.resumeJson = readBlob(query, 11);
    task.errorJson = readBlob(query, 12);
    task.added = readMoment(query, 13);
    task.started = readMoment(query, 14);
    task.finished = readMoment(query, 15);
    task.priority = query.value(16).toInt();
    return task;
}

} // namespace Ferry
