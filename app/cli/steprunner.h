#pragma once

#include "steps/filedigester.h"
#include "task/taskerror.h"
#include "util/hasher.h"

#include <QList>
#include <QObject>
#include <QPromise>
#include <QString>
#include <QStringList>

#include <functional>

class QFutureWatcherBase;
class QThreadPool;

namespace Ferry {

// The processing ferry-cli applies to each downloaded file and each local input.
struct StepOptions
{
    bool verify = false;
    bool extract = false;
    bool decompress = false;
    int thumbnailSize = 0;            // 0: no thumbnails
    QByteArray imageFormat;           // --convert: this format, into converted/ (or the thumbnails')
    QList<HashAlgorithm> hashes;      // empty: no hashing

    bool any() const { return verify || extract || decompress || thumbnailSize > 0 || !imageFormat.isEmpty() || !hashes.isEmpty(); }
};

// What one item's step chain produced.
struct StepOutcome
{
    QString path;                 // where the input is now (moved aside after a checksum mismatch)
    QString decompressedPath;     // output of --decompress, if it ran
    QString extractedFolder;      // output of --extract, if it ran
    int thumbnails = -1;          // made by --thumbnail; -1 when it did not run
    QList<FileDigests> digests;   // from --hash, one entry per file
    QStringList notes;            // steps skipped and why, for stderr
    TaskError error;              // the first failing step's error; the chain stops there
};

// Runs one item's steps in order (verify, decompress, extract, thumbnail, hash) on the caller's pool,
// one at a time, each result collected by a QFutureWatcher so the main thread never blocks (it also
// runs the download engine). Decompress and extract hand their output on: thumbnails and hashes are
// made of what they produced. Emits finished() once (never from inside start()), then deletes itself.
class StepRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StepRunner)

public:
    // path: a file or folder. targetFolder: where extracted folders, decompressed files and the
    // thumbnails/ folder go. alreadyVerified: the engine checked a given digest while downloading.
    StepRunner(const StepOptions &options, QThreadPool *pool, QString path, QString targetFolder,
               bool alreadyVerified, QObject *parent = nullptr);

    void start();
    // Cancels the running step; finished() then reports a Cancelled error.
    void cancel();

Q_SIGNALS:
    void finished(const Ferry::StepOutcome &outcome);

private:
    enum class Stage { Verify, Decompress, Extract, Thumbnail, Hash, Done };

    void runStage();
    void advance();
    void finish();
    void fail(const TaskError &error);
    // Runs step(params) on the pool and hands its result to onResult on this thread.
    template <typename Result, typename Params>
    void launch(void (*step)(QPromise<Result> &, const Params &), const Params &params,
                std::function<void(const Result &)> onResult);

    StepOptions m_options;
    QThreadPool *m_pool;
    QString m_current; // the path the next step works on
    QString m_targetFolder;
    bool m_alreadyVerified;
    bool m_isFolder = false;
    Stage m_stage = Stage::Verify;
    StepOutcome m_outcome;
    QFutureWatcherBase *m_watcher = nullptr;
    bool m_cancelled = false;
};

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::StepOutcome)
