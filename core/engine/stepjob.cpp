#include "engine/stepjob.h"

#include "steps/archivenames.h"
#include "steps/decompressstep.h"
#include "steps/extractstep.h"
#include "steps/hashstep.h"
#include "steps/runcommandstep.h"
#include "steps/thumbnailstep.h"
#include "steps/verifystep.h"
#include "util/threadpriority.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString hex(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex());
}

// The last lines of a program's output, for the task's log.
QStringList tailLines(const QByteArray &output, const QString &prefix, int maxLines = 20)
{
    QStringList lines = QString::fromUtf8(output).split(u'\n', Qt::SkipEmptyParts);
    if (lines.size() > maxLines)
        lines = lines.mid(lines.size() - maxLines);
    for (QString &line : lines)
        line.prepend(prefix);
    return lines;
}

} // namespace

StepJob::StepJob(TaskSpec spec, StepInput input, QThreadPool *pool, QObject *parent)
    : QObject(parent), m_spec(std::move(spec)), m_input(std::move(input)), m_pool(pool)
{
}

StepJob::~StepJob()
{
    // The step keeps running on its pool thread with its own copy of the parameters; it touches
    // no QObject, so it may outlive us. Tell it to stop early.
    if (m_watcher)
        m_watcher->cancel();
}

void StepJob::start()
{
    // Queued, so finished() never reaches the owner from inside start().
    QMetaObject::invokeMethod(this, &StepJob::run, Qt::QueuedConnection);
}

void StepJob::cancel()
{
    m_cancelled = true;
    if (m_watcher)
        m_watcher->cancel();
}

int StepJob::progressPerMille() const
{
    if (!m_watcher)
        return m_finished ? 1000 : 0;
    const int min = m_watcher->progressMinimum();
    const int max = m_watcher->progressMaximum();
    if (max <= min)
        return 0;
    return int(qint64(m_watcher->progressValue() - min) * 1000 / (max - min));
}

QString StepJob::progressText() const
{
    return m_watcher ? m_watcher->progressText() : QString();
}

void StepJob::finish(StepJobResult result)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(result);
}

void StepJob::finishSoon(StepJobResult result)
{
    QMetaObject::invokeMethod(this, [this, result = std::move(result)] { finish(result); },
                              Qt::QueuedConnection);
}

StepJobResult StepJob::skip(const QString &reason) const
{
    StepJobResult result;
    result.skipped = true;
    result.output = m_input.path;
    result.log.append(reason);
    return result;
}

template <typename Result, typename Params>
void StepJob::launch(void (*step)(QPromise<Result> &, const Params &), const Params &params,
                     std::function<StepJobResult(const Result &)> toResult)
{
    auto *watcher = new QFutureWatcher<Result>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, toResult = std::move(toResult)] {
        const QFuture<Result> future = watcher->future();
        StepJobResult result;
        // A cancelled step adds no result.
        if (m_cancelled || future.isCanceled() || future.resultCount() == 0)
            result.error = TaskError(TaskError::Code::Cancelled, u"Cancelled"_s);
        else
            result = toResult(future.result());
        m_watcher = nullptr;
        watcher->deleteLater();
        finish(std::move(result));
    });
    // Each job lowers its pool thread first (once per thread), so the GUI thread wins the CPU.
    const auto lowered = [step](QPromise<Result> &promise, const Params &p) {
        lowerCurrentThread(ThreadRole::Cpu);
        step(promise, p);
    };
    watcher->setFuture(QtConcurrent::run(m_pool, lowered, params));
}

void StepJob::run()
{
    if (m_cancelled)
        return finish({ TaskError(TaskError::Code::Cancelled, u"Cancelled"_s), {}, {}, {}, false });
    if (!m_input.skipReason.isEmpty())
        return finish(skip(m_input.skipReason));
    if (m_spec.kind != TaskKind::Noop && m_input.path.isEmpty()) {
        return finish({ TaskError(TaskError::Code::InvalidInput, u"There is no file to work on."_s),
                        {}, {}, {}, false });
    }
    switch (m_spec.kind) {
    case TaskKind::Verify: return runVerify();
    case TaskKind::Extract: return runExtract();
    case TaskKind::Decompress: return runDecompress();
    case TaskKind::Thumbnail: return runThumbnail();
    case TaskKind::Hash: return runHash();
    case TaskKind::ChecksumList: return runChecksumList();
    case TaskKind::Command: return runCommand();
    case TaskKind::DeleteFile: return runDeleteFile();
    case TaskKind::Noop: return finish({});
    case TaskKind::Download: break;
    }
    finish({ TaskError(TaskError::Code::InvalidInput, u"Not a processing step."_s), {}, {}, {}, false });
}

void StepJob::runVerify()
{
    // A digest given with the download was checked while the bytes streamed in: the download
    // would have failed on a mismatch, so reading the file again would prove nothing new.
    if (!m_spec.expected.isEmpty()) {
        const qsizetype colon = m_spec.expected.indexOf(u':');
        const QString digest = colon > 0 ? m_spec.expected.mid(colon + 1) : m_spec.expected;
        for (const auto &[algorithm, value] : std::as_const(m_input.knownDigests)) {
            if (QString::fromLatin1(value).compare(digest, Qt::CaseInsensitive) == 0) {
                StepJobResult result;
                result.output = m_input.path;
                result.digests = { { algorithm, value } };
                result.log.append(u"%1 %2 matches; checked while downloading"_s
                                      .arg(hashAlgorithmName(algorithm), QString::fromLatin1(value)));
                return finish(result);
            }
        }
    }
    VerifyParams params;
    params.path = m_input.path;
    params.expected = m_spec.expected;
    params.checksumFile = m_input.checksumFile;
    launch<VerifyResult, VerifyParams>(&verifyStep, params, [](const VerifyResult &r) {
        StepJobResult result;
        result.error = r.error;
        result.output = r.path;
        if (!r.actual.isEmpty())
            result.digests = { { r.algorithm, r.actual.toHex() } };
        if (r.matches()) {
            result.log.append(u"%1 %2 matches%3"_s.arg(
                hashAlgorithmName(r.algorithm), hex(r.actual),
                r.checksumFile.isEmpty() ? QString() : u" the list in "_s + r.checksumFile));
        } else if (r.path != QString()) {
            result.log.append(u"kept as %1"_s.arg(r.path));
        }
        return result;
    });
}

void StepJob::runExtract()
{
    const QFileInfo info(m_input.path);
    if (info.isDir() || !isArchiveName(info.fileName()))
        return finish(skip(u"%1 is not an archive: nothing to extract"_s.arg(info.fileName())));
    ExtractParams params;
    params.archivePath = m_input.path;
    params.moreParts = m_input.moreParts;
    params.targetFolder = m_spec.outputFolder;
    launch<ExtractResult, ExtractParams>(&extractArchive, params, [](const ExtractResult &r) {
        StepJobResult result;
        result.error = r.error;
        result.output = r.folderPath;
        result.log = r.log;
        if (!r.error.isError())
            result.log.append(u"extracted %1 entries (%2 bytes) into %3"_s.arg(r.entries).arg(r.bytes).arg(r.folderPath));
        return result;
    });
}

void StepJob::runDecompress()
{
    const QFileInfo info(m_input.path);
    if (info.isDir() || !isCompressedName(info.fileName()))
        return finish(skip(u"%1 is not compressed: nothing to decompress"_s.arg(info.fileName())));
    if (m_spec.arguments.contains(u"leave-tarballs"_s) && isTarballName(info.fileName()))
        return finish(skip(u"%1 is a tarball: the extraction opens it"_s.arg(info.fileName())));
    DecompressParams params;
    params.path = m_input.path;
    params.outputFolder = m_spec.outputFolder;
    launch<DecompressResult, DecompressParams>(&decompressStep, params, [](const DecompressResult &r) {
        StepJobResult result;
        result.error = r.error;
        result.output = r.outputPath;
        if (!r.error.isError())
            result.log.append(u"undid %1: %2 bytes into %3"_s.arg(r.filters).arg(r.outputBytes).arg(r.outputPath));
        return result;
    });
}

void StepJob::runThumbnail()
{
    ThumbnailParams params;
    params.inputs = { m_input.path };
    params.outputDir = m_spec.outputFolder;
    const bool convertOnly = m_spec.thumbnailSize <= 0 && !m_spec.imageFormat.isEmpty();
    if (params.outputDir.isEmpty()) {
        const QFileInfo info(m_input.path);
        params.outputDir = QDir(info.isDir() ? info.absoluteFilePath() : info.absolutePath())
                               .filePath(convertOnly ? u"converted"_s : u"thumbnails"_s);
    }
    params.maxSide = std::max(0, m_spec.thumbnailSize);
    params.format = m_spec.imageFormat;
    params.pool = m_pool;
    launch<ThumbnailResult, ThumbnailParams>(&thumbnailStep, params, [params](const ThumbnailResult &r) {
        StepJobResult result;
        result.error = r.error;
        result.output = params.outputDir;
        result.log.append(r.summary());
        for (const ThumbnailFileResult &f : r.files) {
            if (f.status == ThumbnailFileResult::Status::Failed)
                result.log.append(f.error.toString());
        }
        return result;
    });
}

void StepJob::runHash()
{
    HashParams params;
    params.path = m_input.path;
    params.algorithms = m_spec.hashes.isEmpty() ? QList<HashAlgorithm>{ HashAlgorithm::Sha256 } : m_spec.hashes;
    const QString input = m_input.path;
    launch<HashResult, HashParams>(&hashStep, params, [input](const HashResult &r) {
        StepJobResult result;
        result.error = r.error;
        result.output = input;
        for (const FileDigests &file : r.files) {
            for (auto it = file.digests.cbegin(); it != file.digests.cend(); ++it) {
                result.log.append(u"%1  %2  %3"_s.arg(hashAlgorithmName(it.key()), hex(it.value()), file.relativePath));
                if (r.files.size() == 1)
                    result.digests.append({ it.key(), it.value().toHex() });
            }
        }
        return result;
    });
}

void StepJob::runChecksumList()
{
    Sha256SumsParams params;
    params.folder = m_input.path;
    launch<Sha256SumsResult, Sha256SumsParams>(&sha256SumsStep, params, [](const Sha256SumsResult &r) {
        StepJobResult result;
        result.error = r.error;
        result.output = r.path;
        if (!r.error.isError())
            result.log.append(u"wrote %1 with %2 files"_s.arg(r.path).arg(r.files.size()));
        return result;
    });
}

void StepJob::runCommand()
{
    const QFileInfo info(m_input.path);
    CommandParams params;
    params.program = m_spec.program;
    params.arguments = expandPlaceholders(
        m_spec.arguments.isEmpty() ? QStringList{ u"{file}"_s } : m_spec.arguments,
        { { u"file"_s, info.absoluteFilePath() }, { u"dir"_s, info.absolutePath() }, { u"name"_s, info.fileName() } });
    params.workingDirectory = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    const QString input = m_input.path;
    launch<CommandResult, CommandParams>(&Ferry::runCommand, params, [input](const CommandResult &r) {
        StepJobResult result;
        result.error = r.error;
        result.output = input;
        result.log.append(tailLines(r.standardOutput, u"stdout: "_s));
        result.log.append(tailLines(r.standardError, u"stderr: "_s));
        if (r.succeeded())
            result.log.append(u"exited with 0 after %1 ms"_s.arg(r.elapsed.count()));
        return result;
    });
}

void StepJob::runDeleteFile()
{
    // Only regular files, never a folder or what a symlink points at.
    StepJobResult result;
    for (const QString &path : QStringList{ m_input.path } + m_input.moreParts) {
        const QFileInfo info(path);
        if (info.isSymLink() || !info.isFile()) {
            result.log.append(u"%1 is not a regular file: not deleted"_s.arg(path));
            continue;
        }
        QFile file(path);
        if (!file.remove()) {
            result.error = TaskError(TaskError::Code::FileSystem, u"Cannot delete %1."_s.arg(path), file.errorString());
            break;
        }
        result.log.append(u"deleted %1"_s.arg(path));
    }
    finish(result);
}

} // namespace Ferry
