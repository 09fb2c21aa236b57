#pragma once

#include "net/downloadtypes.h"
#include "task/taskgraph.h"
#include "util/hasher.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Ferry {

// What a task does. Download is the one network kind; the others run on the engine's CPU pool.
enum class TaskKind {
    Download,
    Verify,        // compare a file with an expected digest or a checksum file
    Extract,       // an archive into a folder named after it
    Decompress,    // one .gz/.bz2/.xz/.zst file
    Thumbnail,     // thumbnails of an image or of the images in a folder
    Hash,          // digests of a file or of every file in a folder, into the task's log
    ChecksumList,  // a SHA256SUMS file for a folder
    Command,       // a user's program with the file as an argument; no shell
    DeleteFile,    // the archive after a successful extraction
    Noop,          // does nothing: measures the scheduler, and marks a group's end
};

QString taskKindName(TaskKind kind);  // "download", "verify", ... (stable: stored and logged)
std::optional<TaskKind> taskKindFromName(const QString &name);
bool isNetworkKind(TaskKind kind);

// A task before it is added: what to do, on what, after what. Plain value; built by the UI, the CLI
// or buildPipeline(), copied to the engine thread, and stored as JSON so a restart rebuilds it.
//
// Dependencies and the input can point at tasks that exist (by id) or at earlier entries of the
// same batch passed to TaskEngine::add (by index), so a whole pipeline is added in one call.
struct TaskSpec
{
    struct Ref
    {
        TaskId id = 0;         // an existing task
        int batchIndex = -1;   // or an earlier entry of the same batch
        static Ref task(TaskId id) { return { id, -1 }; }
        static Ref inBatch(int index) { return { 0, index }; }
        bool isSet() const { return id != 0 || batchIndex >= 0; }
    };

    TaskKind kind = TaskKind::Noop;
    QString title;  // empty: made from the kind and the input
    int priority = 0;  // higher starts first; equal priorities start in the order added
    QList<Ref> dependsOn;

    DownloadRequest download;  // Download only

    // The file or folder a processing step works on: a local path, or what `inputFrom` produced
    // (the downloaded file, the extracted folder...). inputFrom must be among dependsOn.
    QString inputPath;
    Ref inputFrom;
    // Extract and DeleteFile: the further volumes of a split archive, in order (inputFrom is the
    // first). Each must be among dependsOn: the extraction waits for every part.
    QList<Ref> moreParts;
    // Where outputs go (the extracted folder, the decompressed file, the thumbnails folder).
    // Empty: beside the input.
    QString outputFolder;

    // Verify: the expected digest in hex ("sha256:" prefix allowed). Empty: a checksum file, taken
    // from checksumFrom's output (a downloaded SHA256SUMS) or looked for beside the input.
    QString expected;
    Ref checksumFrom;
    QList<HashAlgorithm> hashes;  // Hash
    int thumbnailSize = 256;      // Thumbnail: longest side in pixels (0 with a format: keep it)
    QByteArray imageFormat;       // Thumbnail: "png", "webp"...: resize and convert; empty: JPEG/PNG
    QString program;              // Command: {file}, {dir}, {name} are filled in per argument
    QStringList arguments;

    // The JSON kept in the store. Refs are stored by id, so only resolved specs are saved;
    // credentials are never stored.
    QByteArray toJson() const;
    static std::optional<TaskSpec> fromJson(const QByteArray &json);
    QString defaultTitle() const;
};

// What to do with a download once it is on disk: the steps of a pipeline.
struct Recipe
{
    bool verify = false;     // with download.expected, checksumUrl, or a checksum file beside it
    QUrl checksumUrl;        // a SHA256SUMS-style list to download alongside and verify against
    bool decompress = false;
    bool extract = false;
    bool deleteArchive = false;  // after a successful extraction
    int thumbnailSize = 0;       // 0: none, unless imageFormat asks for a conversion
    QByteArray imageFormat;      // convert images to this format ("png", "webp"...)
    QList<HashAlgorithm> hashes;
    QString program;             // run after everything else; empty: none
    QStringList arguments;

    bool isEmpty() const;
};

// The batch for one download and its recipe: download → [checksum download] → verify → decompress
// → extract → delete archive, thumbnails, hash, command; each step depending on the one before and
// taking its input from it. The first entry is the download.
QList<TaskSpec> buildPipeline(const DownloadRequest &request, const Recipe &recipe);
// A split archive (x.7z.001, x.7z.002...): every part is downloaded, then the steps run once all
// are here, the extraction reading the parts as one archive (and "delete archive" deleting all of
// them). Each request's own expected digest is checked while its bytes stream in.
QList<TaskSpec> buildSplitArchivePipeline(const QList<DownloadRequest> &parts, const Recipe &recipe);
// The same steps for a local file or folder that is already here.
QList<TaskSpec> buildLocalPipeline(const QString &path, const Recipe &recipe);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::TaskSpec)
Q_DECLARE_METATYPE(Ferry::Recipe)
