#include "steprunner.h"

#include "steps/archivenames.h"
#include "steps/decompressstep.h"
#include "steps/extractstep.h"
#include "steps/hashstep.h"
#include "steps/thumbnailstep.h"
#include "steps/verifystep.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace Ferry {

StepRunner::StepRunner(const StepOptions &options, QThreadPool *pool, QString path, QString targetFolder,
                       bool alreadyVerified, QObject *parent)
    : QObject(parent), m_options(options), m_pool(pool), m_current(std::move(path)),
      m_targetFolder(std::move(targetFolder)), m_alreadyVerified(alreadyVerified)
{
    m_isFolder = QFileInfo(m_current).isDir();
    m_outcome.path = m_current;
}

void StepRunner::start()
{
    // Queued, so finished() never reaches the caller before start() has returned (nor before exec()).
    QMetaObject::invokeMethod(this, &StepRunner::runStage, Qt::QueuedConnection);
}

void StepRunner::cancel()
{
    m_cancelled = true;
    if (m_watcher)
        m_watcher->cancel();
}

void StepRunner::advance()
{
    m_stage = Stage(int(m_stage) + 1);
    runStage();
}

void StepRunner::finish()
{
    Q_EMIT finished(m_outcome);
    deleteLater();
}

void StepRunner::fail(const TaskError &error)
{
    m_outcome.error = error;
    finish();
}

template <typename Result, typename Params>
void StepRunner::launch(void (*step)(QPromise<Result> &, const Params &), const Params &params,
                        std::function<void(const Result &)> onResult)
{
    auto *watcher = new QFutureWatcher<Result>(this);
    m_watcher = watcher;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, onResult = std::move(onResult)] {
        m_watcher = nullptr;
        watcher->deleteLater();
        const QFuture<Result> future = watcher->future();
        // A step that was cancelled adds no result.
        if (m_cancelled || future.isCanceled() || future.resultCount() == 0)
            return fail({ TaskError::Code::Cancelled, u"Cancelled"_s });
        onResult(future.result());
    });
    watcher->setFuture(QtConcurrent::run(m_pool, step, params));
}

void StepRunner::runStage()
{
    if (m_cancelled)
        return fail({ TaskError::Code::Cancelled, u"Cancelled"_s });
    const QString name = QFileInfo(m_current).fileName();
    switch (m_stage) {
    case Stage::Verify: {
        if (!m_options.verify || m_alreadyVerified)
            return advance();
        if (m_isFolder) {
            m_outcome.notes.append(u"a folder: nothing to verify"_s);
            return advance();
        }
        VerifyParams params;
        params.path = m_current;
        return launch<VerifyResult, VerifyParams>(&verifyStep, params, [this](const VerifyResult &r) {
            m_outcome.path = r.path;
            if (r.error.isError())
                return fail(r.error);
            advance();
        });
    }
    case Stage::Decompress: {
        // A tarball is the extract step's when both are asked for.
        const bool tarballForExtract = m_options.extract && isTarballName(name);
        if (!m_options.decompress || m_isFolder || tarballForExtract)
            return advance();
        if (!isCompressedName(name)) {
            m_outcome.notes.append(u"not compressed, so not decompressed"_s);
            return advance();
        }
        DecompressParams params;
        params.path = m_current;
        params.outputFolder = m_targetFolder;
        return launch<DecompressResult, DecompressParams>(&decompressStep, params, [this](const DecompressResult &r) {
            if (r.error.isError())
                return fail(r.error);
            m_outcome.decompressedPath = r.outputPath;
            m_current = r.outputPath;
            advance();
        });
    }
    case Stage::Extract: {
        if (!m_options.extract || m_isFolder)
            return advance();
        if (!isArchiveName(name)) {
            m_outcome.notes.append(u"not an archive, so not extracted"_s);
            return advance();
        }
        ExtractParams params;
        params.archivePath = m_current;
        params.targetFolder = m_targetFolder;
        return launch<ExtractResult, ExtractParams>(&extractArchive, params, [this](const ExtractResult &r) {
            m_outcome.notes.append(r.log);
            if (r.error.isError())
                return fail(r.error);
            m_outcome.extractedFolder = r.folderPath;
            m_current = r.folderPath;
            m_isFolder = true;
            advance();
        });
    }
    case Stage::Thumbnail: {
        if (m_options.thumbnailSize <= 0 && m_options.imageFormat.isEmpty())
            return advance();
        ThumbnailParams params;
        params.inputs = { m_current };
        params.outputDir = QDir(m_targetFolder).filePath(m_options.thumbnailSize > 0 ? u"thumbnails"_s : u"converted"_s);
        params.maxSide = m_options.thumbnailSize;
        params.format = m_options.imageFormat;
        params.pool = m_pool;
        return launch<ThumbnailResult, ThumbnailParams>(&thumbnailStep, params, [this](const ThumbnailResult &r) {
            if (r.error.isError())
                return fail(r.error);
            m_outcome.thumbnails = r.done;
            for (const ThumbnailFileResult &f : r.files) {
                if (f.status == ThumbnailFileResult::Status::Failed)
                    m_outcome.notes.append(f.error.toString());
            }
            advance();
        });
    }
    case Stage::Hash: {
        if (m_options.hashes.isEmpty())
            return advance();
        HashParams params;
        params.path = m_current;
        params.algorithms = m_options.hashes;
        return launch<HashResult, HashParams>(&hashStep, params, [this](const HashResult &r) {
            m_outcome.digests = r.files;
            if (r.error.isError())
                return fail(r.error);
            advance();
        });
    }
    case Stage::Done:
        return finish();
    }
}

} // namespace Ferry
