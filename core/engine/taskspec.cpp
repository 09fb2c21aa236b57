#include "engine/taskspec.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

struct KindName
{
    TaskKind kind;
    const char16_t *name;
};

constexpr KindName kindNames[] = {
    { TaskKind::Download, u"download" },         { TaskKind::Verify, u"verify" },
    { TaskKind::Extract, u"extract" },           { TaskKind::Decompress, u"decompress" },
    { TaskKind::Thumbnail, u"thumbnail" },       { TaskKind::Hash, u"hash" },
    { TaskKind::ChecksumList, u"checksum-list" }, { TaskKind::Command, u"command" },
    { TaskKind::DeleteFile, u"delete-file" },    { TaskKind::Noop, u"noop" },
};

QJsonArray algorithmsToJson(const QList<HashAlgorithm> &algorithms)
{
    QJsonArray array;
    for (HashAlgorithm a : algorithms)
        array.append(hashAlgorithmName(a));
    return array;
}

QList<HashAlgorithm> algorithmsFromJson(const QJsonValue &value)
{
    QList<HashAlgorithm> algorithms;
    for (const QJsonValue &v : value.toArray()) {
        if (const auto a = hashAlgorithmFromName(v.toString()))
            algorithms.append(*a);
    }
    return algorithms;
}

QJsonObject requestToJson(const DownloadRequest &r)
{
    QJsonObject o{ { u"url"_s, r.url.toString(QUrl::FullyEncoded | QUrl::RemovePassword) },
                   { u"directory"_s, r.directory },
                   { u"fileName"_s, r.fileName },
                   { u"connections"_s, r.connections },
                   { u"rateLimit"_s, r.rateLimit },
                   { u"hashes"_s, algorithmsToJson(r.hashes) },
                   { u"allowInsecureRedirect"_s, r.allowInsecureRedirect } };
    if (r.expected.isSet()) {
        o.insert(u"expected"_s, QString(hashAlgorithmName(r.expected.algorithm) + u':'
                                            + QString::fromLatin1(r.expected.digest.toHex())));
    }
    QJsonArray headers;
    for (const auto &[name, value] : r.headers)
        headers.append(QJsonArray{ QString::fromLatin1(name), QString::fromLatin1(value) });
    o.insert(u"headers"_s, headers);
    if (!r.categories.isEmpty())
        o.insert(u"categories"_s, r.categories.toJson());  // until the engine stores the decided folder
    return o;
}

DownloadRequest requestFromJson(const QJsonObject &o)
{
    DownloadRequest r;
    r.url = QUrl(o.value(u"url"_s).toString(), QUrl::StrictMode);
    r.directory = o.value(u"directory"_s).toString();
    r.fileName = o.value(u"fileName"_s).toString();
    r.connections = std::max(1, o.value(u"connections"_s).toInt(1));
    r.rateLimit = o.value(u"rateLimit"_s).toInteger();
    r.hashes = algorithmsFromJson(o.value(u"hashes"_s));
    r.allowInsecureRedirect = o.value(u"allowInsecureRedirect"_s).toBool();
    const QString expected = o.value(u"expected"_s).toString();
    if (const qsizetype colon = expected.indexOf(u':'); colon > 0) {
        if (const auto a = hashAlgorithmFromName(expected.left(colon))) {
            r.expected.algorithm = *a;
            r.expected.digest = QByteArray::fromHex(expected.mid(colon + 1).toLatin1());
        }
    }
    for (const QJsonValue &h : o.value(u"headers"_s).toArray()) {
        const QJsonArray pair = h.toArray();
        if (pair.size() == 2)
            r.headers.append({ pair[0].toString().toLatin1(), pair[1].toString().toLatin1() });
    }
    if (const QJsonValue categories = o.value(u"categories"_s); categories.isObject())
        r.categories = CategoryRules::fromJson(categories.toObject());
    return r;
}

TaskSpec step(TaskKind kind, int previous)
{
    TaskSpec spec;
    spec.kind = kind;
    if (previous >= 0) {
        spec.dependsOn = { TaskSpec::Ref::inBatch(previous) };
        spec.inputFrom = TaskSpec::Ref::inBatch(previous);
    }
    return spec;
}

// The steps after the input is here. `input` is the batch index of the task that produces the
// file (-1: a local path, set by the caller on each step that has no inputFrom).
void appendSteps(QList<TaskSpec> &batch, int input, int checksum, const Recipe &recipe,
                 const QString &expected)
{
    int current = input;
    auto append = [&](TaskSpec spec) {
        batch.append(std::move(spec));
        return int(batch.size() - 1);
    };
    if (recipe.verify) {
        TaskSpec verify = step(TaskKind::Verify, current);
        verify.expected = expected;
        if (checksum >= 0) {
            verify.dependsOn.append(TaskSpec::Ref::inBatch(checksum));
            verify.checksumFrom = TaskSpec::Ref::inBatch(checksum);
        }
        current = append(std::move(verify));
    }
    if (recipe.decompress) {
        TaskSpec decompress = step(TaskKind::Decompress, current);
        // Both asked for: a tarball is the extraction's to open.
        decompress.arguments = recipe.extract ? QStringList{ u"leave-tarballs"_s } : QStringList{};
        current = append(std::move(decompress));
    }
    const int archive = current;
    if (recipe.extract) {
        current = append(step(TaskKind::Extract, current));
        if (recipe.deleteArchive) {
            TaskSpec remove = step(TaskKind::DeleteFile, current);
            remove.inputFrom = archive >= 0 ? TaskSpec::Ref::inBatch(archive) : TaskSpec::Ref{};
            append(std::move(remove));
        }
    }
    if (recipe.thumbnailSize > 0 || !recipe.imageFormat.isEmpty()) {
        TaskSpec thumbnails = step(TaskKind::Thumbnail, current);
        thumbnails.thumbnailSize = recipe.thumbnailSize;
        thumbnails.imageFormat = recipe.imageFormat;
        append(std::move(thumbnails));
    }
    if (!recipe.hashes.isEmpty()) {
        TaskSpec hash = step(TaskKind::Hash, current);
        hash.hashes = recipe.hashes;
        append(std::move(hash));
    }
    if (!recipe.program.isEmpty()) {
        TaskSpec command = step(TaskKind::Command, current);
        command.program = recipe.program;
        command.arguments = recipe.arguments;
        append(std::move(command));
    }
}

} // namespace

QString taskKindName(TaskKind kind)
{
    for (const KindName &k : kindNames) {
        if (k.kind == kind)
            return QString::fromUtf16(k.name);
    }
    return u"unknown"_s;
}

std::optional<TaskKind> taskKindFromName(const QString &name)
{
    for (const KindName &k : kindNames) {
        if (name == QStringView(k.name))
            return k.kind;
    }
    return std::nullopt;
}

bool isNetworkKind(TaskKind kind)
{
    return kind == TaskKind::Download;
}

bool Recipe::isEmpty() const
{
    return !verify && !decompress && !extract && thumbnailSize <= 0 && imageFormat.isEmpty() && hashes.isEmpty()
        && program.isEmpty();
}

QString TaskSpec::defaultTitle() const
{
    if (kind == TaskKind::Download) {
        if (!download.fileName.isEmpty())
            return download.fileName;
        const QString name = download.url.fileName();
        return name.isEmpty() ? download.url.host() : name;
    }
    static const QHash<TaskKind, QString> verbs{
        { TaskKind::Verify, u"Verify"_s },       { TaskKind::Extract, u"Extract"_s },
        { TaskKind::Decompress, u"Decompress"_s }, { TaskKind::Thumbnail, u"Thumbnails"_s },
        { TaskKind::Hash, u"Hash"_s },           { TaskKind::ChecksumList, u"Checksum list"_s },
        { TaskKind::Command, u"Run"_s },         { TaskKind::DeleteFile, u"Delete"_s },
        { TaskKind::Noop, u"Nothing"_s },
    };
    QString title = verbs.value(kind);
    if (kind == TaskKind::Command)
        title += u' ' + QFileInfo(program).fileName();
    if (!inputPath.isEmpty())
        title += u' ' + QFileInfo(inputPath).fileName();
    return title;
}

QByteArray TaskSpec::toJson() const
{
    QJsonObject o{ { u"kind"_s, taskKindName(kind) } };
    if (kind == TaskKind::Download)
        o.insert(u"download"_s, requestToJson(download));
    if (!inputPath.isEmpty())
        o.insert(u"input"_s, inputPath);
    if (inputFrom.id)
        o.insert(u"inputFrom"_s, qint64(inputFrom.id));
    if (checksumFrom.id)
        o.insert(u"checksumFrom"_s, qint64(checksumFrom.id));
    if (!moreParts.isEmpty()) {
        QJsonArray parts;
        for (const Ref &part : moreParts)
            parts.append(qint64(part.id));
        o.insert(u"moreParts"_s, parts);
    }
    if (!outputFolder.isEmpty())
        o.insert(u"outputFolder"_s, outputFolder);
    if (!expected.isEmpty())
        o.insert(u"expected"_s, expected);
    if (!hashes.isEmpty())
        o.insert(u"hashes"_s, algorithmsToJson(hashes));
    if (kind == TaskKind::Thumbnail)
        o.insert(u"thumbnailSize"_s, thumbnailSize);
    if (!imageFormat.isEmpty())
        o.insert(u"imageFormat"_s, QString::fromLatin1(imageFormat));
    if (!program.isEmpty())
        o.insert(u"program"_s, program);
    if (!arguments.isEmpty())
        o.insert(u"arguments"_s, QJsonArray::fromStringList(arguments));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<TaskSpec> TaskSpec::fromJson(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    const auto kind = taskKindFromName(o.value(u"kind"_s).toString());
    if (!kind)
        return std::nullopt;
    TaskSpec spec;
    spec.kind = *kind;
    if (spec.kind == TaskKind::Download)
        spec.download = requestFromJson(o.value(u"download"_s).toObject());
    spec.inputPath = o.value(u"input"_s).toString();
    spec.inputFrom = Ref::task(TaskId(o.value(u"inputFrom"_s).toInteger()));
    spec.checksumFrom = Ref::task(TaskId(o.value(u"checksumFrom"_s).toInteger()));
    for (const QJsonValue &part : o.value(u"moreParts"_s).toArray())
        spec.moreParts.append(Ref::task(TaskId(part.toInteger())));
    spec.outputFolder = o.value(u"outputFolder"_s).toString();
    spec.expected = o.value(u"expected"_s).toString();
    spec.hashes = algorithmsFromJson(o.value(u"hashes"_s));
    spec.thumbnailSize = o.value(u"thumbnailSize"_s).toInt(256);
    spec.imageFormat = o.value(u"imageFormat"_s).toString().toLatin1();
    spec.program = o.value(u"program"_s).toString();
    for (const QJsonValue &a : o.value(u"arguments"_s).toArray())
        spec.arguments.append(a.toString());
    return spec;
}

QList<TaskSpec> buildPipeline(const DownloadRequest &request, const Recipe &recipe)
{
    QList<TaskSpec> batch;
    TaskSpec download;
    download.kind = TaskKind::Download;
    download.download = request;
    batch.append(download);

    int checksum = -1;
    if (recipe.verify && !request.expected.isSet() && recipe.checksumUrl.isValid()) {
        TaskSpec list;
        list.kind = TaskKind::Download;
        list.download.url = recipe.checksumUrl;
        list.download.directory = request.directory;
        list.download.headers = request.headers;
        list.download.user = request.user;
        list.download.password = request.password;
        batch.append(list);
        checksum = 1;
    }
    const QString expected = request.expected.isSet()
        ? hashAlgorithmName(request.expected.algorithm) + u':' + QString::fromLatin1(request.expected.digest.toHex())
        : QString();
    appendSteps(batch, 0, checksum, recipe, expected);
    return batch;
}

QList<TaskSpec> buildSplitArchivePipeline(const QList<DownloadRequest> &parts, const Recipe &recipe)
{
    QList<TaskSpec> batch;
    for (const DownloadRequest &part : parts) {
        TaskSpec download;
        download.kind = TaskKind::Download;
        download.download = part;
        batch.append(download);
    }
    if (batch.isEmpty())
        return batch;
    Recipe steps = recipe;
    steps.verify = false;      // per part, while downloading
    steps.decompress = false;  // a volume is not a compressed file
    appendSteps(batch, 0, -1, steps, {});
    for (qsizetype i = parts.size(); i < batch.size(); ++i) {
        TaskSpec &spec = batch[i];
        if (spec.kind != TaskKind::Extract && spec.kind != TaskKind::DeleteFile)
            continue;
        for (int part = 1; part < parts.size(); ++part) {
            spec.moreParts.append(TaskSpec::Ref::inBatch(part));
            spec.dependsOn.append(TaskSpec::Ref::inBatch(part));
        }
    }
    return batch;
}

QList<TaskSpec> buildLocalPipeline(const QString &path, const Recipe &recipe)
{
    QList<TaskSpec> batch;
    appendSteps(batch, -1, -1, recipe, {});
    for (TaskSpec &spec : batch) {
        if (!spec.inputFrom.isSet())
            spec.inputPath = path;
    }
    return batch;
}

} // namespace Ferry
