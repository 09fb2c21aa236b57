#pragma once

#include "engine/taskspec.h"
#include "net/downloadtypes.h"
#include "task/taskerror.h"

#include <QObject>
#include <QPromise>
#include <QString>
#include <QStringList>

#include <functional>

class QFutureWatcherBase;
class QThreadPool;

namespace Ferry {

// What a processing step is given once its dependencies are done.
struct StepInput
{
    QString path;             // the file or folder to work on
    QStringList moreParts;    // Extract, DeleteFile: a split archive's further volumes
    QString checksumFile;     // Verify: a list downloaded with the file
    DigestMap knownDigests;   // Verify: what the download computed while the bytes streamed in
    QString skipReason;       // set: succeed at once without touching anything, and say why
};

struct StepJobResult
{
    TaskError error;
    QString output;         // the file or folder the next step works on
    DigestMap digests;      // Hash, Verify; hex, like a download's
    QStringList log;        // lines for the task's log
    bool skipped = false;   // nothing to do (not an archive, not compressed): output is the input
};

// Runs one processing task (a TaskSpec of any kind but Download) on the engine's CPU pool with
// QtConcurrent, and reports on the owner's thread through finished(), exactly once and never from
// inside start(). Progress is polled, not signalled: the engine reads it when it publishes.
// Cancel is passed to the step's QPromise; steps check it between chunks and publish nothing
// half-written.
class StepJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StepJob)

public:
    StepJob(TaskSpec spec, StepInput input, QThreadPool *pool, QObject *parent = nullptr);
    ~StepJob() override;

    void start();
    void cancel();

    int progressPerMille() const;
    QString progressText() const;

Q_SIGNALS:
    void finished(const Ferry::StepJobResult &result);

private:
    void run();
    void finish(StepJobResult result);
    void finishSoon(StepJobResult result);
    StepJobResult skip(const QString &reason) const;
    template <typename Result, typename Params>
    void launch(void (*step)(QPromise<Result> &, const Params &), const Params &params,
                std::function<StepJobResult(const Result &)> toResult);

    void runVerify();
    void runExtract();
    void runDecompress();
    void runThumbnail();
    void runHash();
    void runChecksumList();
    void runCommand();
    void runDeleteFile();

    TaskSpec m_spec;
    StepInput m_input;
    QThreadPool *m_pool;
    QFutureWatcherBase *m_watcher = nullptr;
    bool m_cancelled = false;
    bool m_finished = false;
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::StepJobResult)
