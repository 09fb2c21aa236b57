#include "engine/taskrecord.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

TaskError::Code codeFromName(const QString &name)
{
    for (int c = int(TaskError::Code::None); c <= int(TaskError::Code::Cancelled); ++c) {
        if (TaskError::codeName(TaskError::Code(c)) == name)
            return TaskError::Code(c);
    }
    return TaskError::Code::FileSystem;
}

QByteArray errorToJson(const TaskError &e)
{
    if (!e.isError())
        return {};
    return QJsonDocument(QJsonObject{ { u"code"_s, TaskError::codeName(e.code()) },
                                      { u"message"_s, e.message() },
                                      { u"detail"_s, e.detail() } })
        .toJson(QJsonDocument::Compact);
}

TaskError errorFromJson(const QByteArray &json)
{
    if (json.isEmpty())
        return {};
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    return TaskError(codeFromName(o.value(u"code"_s).toString()), o.value(u"message"_s).toString(),
                     o.value(u"detail"_s).toString());
}

QByteArray runtimeToJson(const TaskRecord &t)
{
    QJsonObject o;
    if (!t.input.isEmpty())
        o.insert(u"input"_s, t.input);
    if (!t.output.isEmpty())
        o.insert(u"output"_s, t.output);
    if (t.skipped)
        o.insert(u"skipped"_s, true);
    if (t.finalUrl.isValid())
        o.insert(u"finalUrl"_s, t.finalUrl.toString(QUrl::FullyEncoded));
    QJsonObject d;
    for (const auto &[algorithm, digest] : t.digests)
        d.insert(hashAlgorithmName(algorithm), QString::fromLatin1(digest));
    if (!d.isEmpty())
        o.insert(u"digests"_s, d);
    const QStringList &log = t.log;
    o.insert(u"log"_s, QJsonArray::fromStringList(log.mid(std::max<qsizetype>(0, log.size() - TaskRecord::StoredLogLines))));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void readRuntime(const QByteArray &json, TaskRecord &t)
{
    const QJsonObject runtime = QJsonDocument::fromJson(json).object();
    t.input = runtime.value(u"input"_s).toString();
    t.output = runtime.value(u"output"_s).toString();
    t.skipped = runtime.value(u"skipped"_s).toBool();
    t.finalUrl = QUrl(runtime.value(u"finalUrl"_s).toString());
    const QJsonObject digests = runtime.value(u"digests"_s).toObject();
    for (auto it = digests.begin(); it != digests.end(); ++it) {
        if (const auto a = hashAlgorithmFromName(it.key()))
            t.digests.append({ *a, it.value().toString().toLatin1() });
    }
    for (const QJsonValue &line : runtime.value(u"log"_s).toArray())
        t.log.append(line.toString());
}

} // namespace

void TaskRecord::parseSpec() const
{
    if (specJson.isNull())
        return;
    const std::optional<TaskSpec> parsed = TaskSpec::fromJson(std::exchange(specJson, {}));
    if (!parsed)
        return;  // history only: what the columns gave is all there is (a retry downloads the URL again)
    TaskSpec full = *parsed;
    full.priority = m_spec.priority;  // columns, as for every loaded task
    full.dependsOn = m_spec.dependsOn;
    m_spec = std::move(full);
}

StoredTask TaskRecord::toStored() const
{
    const TaskSpec &spec = specFromColumns();  // enough, with the JSON of an unparsed spec
    StoredTask row;
    row.id = id;
    row.kind = taskKindName(spec.kind);
    row.title = title;
    row.url = spec.download.url.adjusted(QUrl::RemovePassword);
    row.directory = spec.kind == TaskKind::Download ? spec.download.directory
                    : output.isEmpty()                 ? QString()
                                                       : QFileInfo(output).absolutePath();
    row.fileName = output.isEmpty() ? QString() : QFileInfo(output).fileName();
    row.state = int(status.state);
    row.stateDetail = status.detail;
    row.bytesDone = done;
    row.bytesTotal = total;
    row.pipelineJson = specJson.isNull() ? spec.toJson() : specJson;
    row.resumeJson = runtimeToJson(*this);
    row.errorJson = errorToJson(error);
    row.added = added;
    row.started = started;
    row.finished = finished;
    row.priority = spec.priority;
    for (const TaskSpec::Ref &d : spec.dependsOn)
        row.dependsOn.append(d.id);
    return row;
}

TaskState TaskRecord::storedState(const StoredTask &row)
{
    return row.state >= 0 && row.state <= int(TaskState::Cancelled) ? TaskState(row.state) : TaskState::Failed;
}

TaskRecord TaskRecord::fromStored(const StoredTask &row)
{
    TaskRecord t;
    t.id = row.id;
    TaskState state = storedState(row);
    // History (most of a long queue) keeps its pipeline unparsed: the columns are enough to
    // show it, and spec() parses it if it is opened, retried or saved with a change.
    const std::optional<TaskKind> kind = taskKindFromName(row.kind);
    const bool lazy = isFinished(state) && kind && !row.pipelineJson.isEmpty();
    const std::optional<TaskSpec> spec = lazy ? std::optional(TaskSpec{}) : TaskSpec::fromJson(row.pipelineJson);
    t.m_spec = spec.value_or(TaskSpec{});
    if (lazy) {
        t.m_spec.kind = *kind;
        t.m_spec.download.url = row.url;
        t.m_spec.download.directory = *kind == TaskKind::Download ? row.directory : QString();
        t.specJson = row.pipelineJson;
    }
    t.m_spec.priority = row.priority;
    for (quint64 d : row.dependsOn)
        t.m_spec.dependsOn.append(TaskSpec::Ref::task(d));
    t.title = row.title;
    t.added = row.added;
    t.started = row.started;
    t.finished = row.finished;
    t.done = row.bytesDone;
    t.total = row.bytesTotal;
    t.error = errorFromJson(row.errorJson);
    readRuntime(row.resumeJson, t);
    if (!spec) {
        state = TaskState::Failed;
        t.error = TaskError(TaskError::Code::InvalidInput, u"This task was saved in a form Ferry cannot read."_s);
    }
    t.status = state == TaskState::Waiting ? TaskStatus::of(TaskState::Queued) : TaskStatus::of(state, row.stateDetail);
    return t;
}

} // namespace Ferry
