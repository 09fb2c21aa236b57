#include "thumbnailstep.h"

#include "steps/thumbnailer.h"
#include "steps/thumbnailpublisher.h"
#include "steps/thumbnailwriter.h"
#include "util/threadpriority.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QImageWriter>
#include <QMutex>
#include <QMutexLocker>
#include <QRunnable>
#include <QSemaphore>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <vector>

namespace Ferry {

namespace {

using Status = ThumbnailFileResult::Status;

// One worker of a batch on the caller's pool. Not auto-deleted: the step takes it back from the
// queue if it never started, or waits for `finished`, before the state it works on goes away.
class Helper final : public QRunnable
{
public:
    explicit Helper(std::function<void()> work) : m_work(std::move(work)) { setAutoDelete(false); }
    void run() override
    {
        lowerCurrentThread(ThreadRole::Cpu);
        m_work();
        m_finished.release();
    }
    void waitUntilFinished() { m_finished.acquire(); }

private:
    std::function<void()> m_work;
    QSemaphore m_finished;
};

ThumbnailFileResult failedInput(const QString &path, TaskError error)
{
    ThumbnailFileResult result;
    result.inputPath = path;
    result.status = Status::Failed;
    result.error = std::move(error);
    return result;
}

// Expands folders (regular non-hidden files only, by name; no recursion) and vets plain paths.
// Inputs that cannot be used become Failed entries here so the result keeps the input order.
QList<ThumbnailFileResult> collectInputs(const QStringList &inputs, const std::function<bool()> &isCanceled)
{
    QList<ThumbnailFileResult> files;
    for (const QString &input : inputs) {
        if (isCanceled())
            break;
        const QFileInfo info(input);
        if (info.isDir()) {
            const QDir dir(info.absoluteFilePath());
            if (!dir.isReadable()) {
                files.append(failedInput(input, { TaskError::Code::Permission,
                                                  QStringLiteral("Cannot list the folder %1").arg(input) }));
                continue;
            }
            const QFileInfoList entries = dir.entryInfoList(QDir::Files, QDir::Name);
            for (const QFileInfo &entry : entries) {
                ThumbnailFileResult file;
                file.inputPath = entry.absoluteFilePath();
                files.append(std::move(file));
            }
        } else if (info.isFile()) {
            ThumbnailFileResult file;
            file.inputPath = info.absoluteFilePath();
            files.append(std::move(file));
        } else if (info.exists() || info.isSymLink()) {
            files.append(failedInput(input, { TaskError::Code::InvalidInput,
                                              QStringLiteral("%1 is not a regular file").arg(input) }));
        } else {
            files.append(failedInput(input, { TaskError::Code::InvalidInput,
                                              QStringLiteral("%1 does not exist").arg(input) }));
        }
    }
    return files;
}

TaskError validate(const ThumbnailParams &params)
{
    if (params.inputs.isEmpty())
        return { TaskError::Code::InvalidInput, QStringLiteral("No files to make thumbnails of") };
    if (params.maxSide < (params.format.isEmpty() ? 1 : 0))
        return { TaskError::Code::InvalidInput,
                 QStringLiteral("The thumbnail size must be at least 1 pixel, not %1").arg(params.maxSide) };
    if (params.jpegQuality < 1 || params.jpegQuality > 100)
        return { TaskError::Code::InvalidInput,
                 QStringLiteral("The JPEG quality must be 1 to 100, not %1").arg(params.jpegQuality) };
    if (params.maxPixels < 1)
        return { TaskError::Code::InvalidInput, QStringLiteral("The pixel limit must be positive") };
    if (!params.format.isEmpty() && !writableImageFormats().contains(params.format.toLower())) {
        return { TaskError::Code::InvalidInput,
                 QStringLiteral("Ferry cannot write %1 images").arg(QString::fromLatin1(params.format)),
                 QStringLiteral("formats it writes: %1").arg(QString::fromLatin1(writableImageFormats().join(", "))) };
    }
    return {};
}

// Counts and the batch's verdict; see ThumbnailResult for the rule.
void summarise(ThumbnailResult &result)
{
    const ThumbnailFileResult *firstFailure = nullptr;
    for (const ThumbnailFileResult &file : std::as_const(result.files)) {
        switch (file.status) {
        case Status::Done: ++result.done; break;
        case Status::Skipped: ++result.skipped; break;
        case Status::Failed:
            ++result.failed;
            if (!firstFailure)
                firstFailure = &file;
            break;
        case Status::Cancelled: break;
        }
    }
    if (result.done == 0 && firstFailure) {
        result.error = TaskError(firstFailure->error.code(),
                                 QStringLiteral("No thumbnail could be made: %1").arg(result.summary()),
                                 firstFailure->error.toString());
    }
}

} // namespace

QString ThumbnailResult::summary() const
{
    QString text = done == 1 ? QStringLiteral("1 thumbnail") : QStringLiteral("%1 thumbnails").arg(done);
    if (skipped > 0)
        text += QStringLiteral(", %1 skipped").arg(skipped);
    if (failed > 0)
        text += QStringLiteral(", %1 failed").arg(failed);
    return text;
}

QStringList thumbnailInputMimeTypes()
{
    QStringList types;
    const QList<QByteArray> supported = QImageReader::supportedMimeTypes();
    for (const QByteArray &type : supported)
        types.append(QString::fromLatin1(type));
    return types;
}

QList<QByteArray> writableImageFormats()
{
    return QImageWriter::supportedImageFormats();
}

void thumbnailStep(QPromise<ThumbnailResult> &promise, const ThumbnailParams &params)
{
    promise.setProgressRange(0, 1000);
    const std::function<bool()> isCanceled = [&promise] { return promise.isCanceled(); };
    if (isCanceled())
        return;

    ThumbnailResult result;
    result.error = validate(params);
    if (result.error.isError()) {
        promise.addResult(result);
        return;
    }

    result.files = collectInputs(params.inputs, isCanceled);
    if (isCanceled())
        return;
    const qsizetype total = result.files.size();

    ThumbnailWriter writer;
    const Thumbnailer thumbnailer(params, thumbnailInputMimeTypes(), &writer);
    std::atomic<qsizetype> next{ 0 };
    QMutex progressMutex;
    qsizetype finished = 0;

    // Detach before the workers start, then reach the entries through a plain pointer: each entry is
    // written by the one worker that took its index, and nothing touches the list itself meanwhile.
    ThumbnailFileResult *const entries = result.files.data();

    const auto reportFinished = [&](const ThumbnailFileResult &file) {
        const QMutexLocker lock(&progressMutex);
        ++finished;
        promise.setProgressValueAndText(int(finished * 1000 / total),
                                        QStringLiteral("%1/%2 %3").arg(finished).arg(total).arg(
                                            QFileInfo(file.inputPath).fileName()));
    };
    ThumbnailPublisher publisher(thumbnailer, isCanceled, [&](ThumbnailFileResult &file) {
        if (file.status != Status::Cancelled)
            reportFinished(file);
    });

    // Every worker takes the next file until none is left or the step is cancelled; a thumbnail
    // to write goes to the publisher, and the worker takes the next file meanwhile.
    const auto work = [&] {
        while (!isCanceled()) {
            const qsizetype index = next.fetch_add(1);
            if (index >= total)
                return;
            ThumbnailFileResult &file = entries[index];
            if (file.status != Status::Failed) {
                const QString path = file.inputPath;
                if (std::optional<EncodedThumbnail> encoded = thumbnailer.prepare(path, file, isCanceled)) {
                    publisher.post(&file, std::move(*encoded)); // the publisher owns the entry now
                    continue;
                }
            }
            if (file.status == Status::Cancelled)
                return;
            reportFinished(file);
        }
    };

    std::vector<std::unique_ptr<Helper>> helpers;
    if (params.pool) {
        const qsizetype wanted = qMin<qsizetype>(params.pool->maxThreadCount(), total) - 1;
        for (qsizetype i = 0; i < wanted; ++i) {
            helpers.push_back(std::make_unique<Helper>(work));
            params.pool->start(helpers.back().get());
        }
    }
    work();
    for (const auto &helper : helpers) {
        // Queued behind other tasks and never started: take it back, there is nothing left for it.
        if (!params.pool->tryTake(helper.get()))
            helper->waitUntilFinished();
    }
    publisher.finish();

    if (isCanceled())
        return; // a cancelled future reports no result; the finished thumbnails stay published
    summarise(result);
    promise.setProgressValueAndText(1000, result.summary());
    promise.addResult(result);
}

} // namespace Ferry
