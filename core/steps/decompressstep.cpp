#include "steps/decompressstep.h"

#include "net/filenames.h"
#include "net/partialfile.h"
#include "steps/filedigester.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <archive.h>
#include <cerrno>
#include <iterator>
#include <memory>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr size_t ChunkSize = 1024 * 1024;
constexpr int MaxPartialAttempts = 100;

struct ArchiveDeleter
{
    void operator()(archive *a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

// Compression suffixes, and the ones that stand for ".tar.<x>".
struct Suffix
{
    QLatin1StringView suffix;
    QLatin1StringView replacement;
};
constexpr Suffix suffixes[] = {
    { ".gz"_L1, ""_L1 },
    { ".bz2"_L1, ""_L1 },
    { ".xz"_L1, ""_L1 },
    { ".zst"_L1, ""_L1 },
    { ".lz4"_L1, ""_L1 },
    { ".lzma"_L1, ""_L1 },
    { ".z"_L1, ""_L1 },
    { ".tgz"_L1, ".tar"_L1 },
    { ".taz"_L1, ".tar"_L1 },
    { ".tbz"_L1, ".tar"_L1 },
    { ".tbz2"_L1, ".tar"_L1 },
    { ".txz"_L1, ".tar"_L1 },
    { ".tzst"_L1, ".tar"_L1 },
    { ".tlz"_L1, ".tar"_L1 },
};

// Only the decompressors we mean, and only where libarchive has them built in: for a missing library
// it would register a fallback that runs an external program (lz4 -d, zstd -d) on a downloaded file,
// and archive_read_support_filter_all() adds lzop, lrzip and grzip that only exist that way.
void addBuiltInFilters(archive *a)
{
    using Support = int (*)(archive *);
    for (Support support :
        { archive_read_support_filter_gzip, archive_read_support_filter_bzip2, archive_read_support_filter_xz,
            archive_read_support_filter_lzma, archive_read_support_filter_zstd,
            archive_read_support_filter_lz4, archive_read_support_filter_compress }) {
        archive *probe = archive_read_new();
        const bool builtIn = probe && support(probe) == ARCHIVE_OK; // ARCHIVE_WARN: external program
        archive_read_free(probe);
        if (builtIn)
            support(a);
    }
}

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

// Whether the file starts like one of the compressed formats we read, to tell "damaged" from "not
// compressed" when libarchive could not even start (its bidders need a whole header).
bool looksCompressed(const QString &path)
{
    static const QByteArray magics[] = {
        "\x1f\x8b"_ba, // gzip
        "\x1f\x9d"_ba, // compress (.Z)
        "BZh"_ba, // bzip2
        "\xfd\x37\x7a\x58\x5a\x00"_ba, // xz
        "\x28\xb5\x2f\xfd"_ba, // zstd
        "\x04\x22\x4d\x18"_ba, // lz4 frame
        "\x02\x21\x4c\x18"_ba, // lz4 legacy
        "\x5d\x00\x00"_ba, // lzma (alone), the usual properties byte
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(8);
    return std::any_of(std::begin(magics), std::end(magics),
        [&](const QByteArray &magic) { return head.startsWith(magic); });
}

TaskError damaged(const QString &path, const QString &detail)
{
    return { TaskError::Code::InvalidInput,
        u"Cannot decompress %1: the data is damaged or cut short"_s.arg(QFileInfo(path).fileName()), detail };
}

// libarchive failed: an I/O error from the system, or data it cannot decode.
TaskError readFailure(archive *a, const QString &path)
{
    const int err = archive_errno(a);
    const char *reason = archive_error_string(a);
    const QString detail = reason ? QString::fromLocal8Bit(reason) : u"libarchive gave no reason"_s;
    // EILSEQ is libarchive's "file format" errno, EINVAL its "programmer" one; -1 is "misc".
    if (err > 0 && err != EILSEQ && err != EINVAL)
        return { TaskError::Code::FileSystem, u"Cannot read %1"_s.arg(path), detail };
    return damaged(path, detail);
}

TaskError notCompressed(const QString &path)
{
    return { TaskError::Code::InvalidInput,
        u"%1 is not compressed in a format Ferry reads"_s.arg(QFileInfo(path).fileName()),
        u"gzip, bzip2, xz, lzma, zstd, lz4 and compress (.Z) are read"_s };
}

// The temporary output: created exclusively beside the final name, removed unless published.
class Staging
{
public:
    explicit Staging(const TargetFolder &folder)
        : m_folder(folder)
    { }
    ~Staging()
    {
        m_file.close();
        if (!m_name.isEmpty())
            m_folder.remove(m_name);
    }

    TaskError create(const QString &outputName)
    {
        for (int n = 0; n < MaxPartialAttempts; ++n) {
            const QString name = FileNames::numbered(outputName, n) + u".ferry-part"_s;
            TaskError error;
            switch (m_file.open(m_folder, name, PartialFile::OpenMode::CreateNew, &error)) {
            case PartialFile::OpenResult::Opened:
                m_name = name;
                return {};
            case PartialFile::OpenResult::Failed:
                return error;
            default:
                continue; // taken by something else: try the next number
            }
        }
        return { TaskError::Code::FileSystem, u"No free temporary name for %1"_s.arg(outputName) };
    }

    PartialFile &file() { return m_file; }

    TaskError publish(const QString &outputName, QString *published)
    {
        if (::fdatasync(m_file.fd()) != 0)
            return PartialFile::errorFromErrno(errno, m_folder.filePath(m_name));
        m_file.close();
        const TaskError error = m_folder.publish(m_name, outputName, published);
        if (!error.isError())
            m_name.clear();
        return error;
    }

private:
    const TargetFolder &m_folder;
    PartialFile m_file;
    QString m_name;
};

// The bomb limits, after `output` bytes came out of `consumed` compressed ones. Zero or less disables one.
TaskError checkLimits(const ArchiveLimits &limits, const QString &name, qint64 output, qint64 consumed)
{
    qint64 cap = limits.maxTotalBytes;
    if (limits.maxEntryBytes > 0 && (cap <= 0 || limits.maxEntryBytes < cap))
        cap = limits.maxEntryBytes;
    if (cap > 0 && output > cap) {
        return { TaskError::Code::InvalidInput,
            u"%1 decompresses to more than %2, the limit against decompression bombs"_s.arg(
                name, sizeText(cap)),
            u"limit %1 bytes"_s.arg(cap) };
    }
    if (limits.maxRatio > 0 && output > limits.ratioMinBytes
        && double(output) > limits.maxRatio * double(consumed)) {
        return { TaskError::Code::InvalidInput,
            u"%1 expands to more than %2 times its size, the limit against decompression bombs"_s.arg(name)
                .arg(limits.maxRatio),
            u"%1 from %2 compressed"_s.arg(sizeText(output), sizeText(consumed)) };
    }
    return {};
}

} // namespace

QString decompressedName(const QString &fileName, int layers)
{
    QString name = fileName;
    for (int i = 0; i < layers; ++i) {
        bool stripped = false;
        for (const Suffix &s : suffixes) {
            if (name.size() > s.suffix.size() && name.endsWith(s.suffix, Qt::CaseInsensitive)) {
                name = name.first(name.size() - s.suffix.size()) + s.replacement;
                stripped = true;
                break;
            }
        }
        if (!stripped)
            break;
    }
    return name;
}

void decompressStep(QPromise<DecompressResult> &promise, const DecompressParams &params)
{
    promise.setProgressRange(0, 1000);
    DecompressResult result;
    const auto finish = [&](TaskError error) {
        result.error = std::move(error);
        promise.addResult(std::move(result));
    };
    if (params.path.isEmpty())
        return finish({ TaskError::Code::InvalidInput, u"No file to decompress was given"_s });
    const QFileInfo input(QDir::cleanPath(QFileInfo(params.path).absoluteFilePath()));
    if (TaskError error = FileDigester::checkRegularFile(input.filePath()); error.isError())
        return finish(error);
    result.inputBytes = input.size();

    ArchivePtr a(archive_read_new());
    if (!a)
        return finish({ TaskError::Code::FileSystem, u"Out of memory"_s, u"archive_read_new"_s });
    addBuiltInFilters(a.get());
    archive_read_support_format_raw(a.get());
    archive_read_support_format_empty(a.get()); // raw needs one byte: an empty .gz is "empty"

    // Opening already reads and bids on the first block, so a damaged header fails here.
    const int opened
        = archive_read_open_filename(a.get(), QFile::encodeName(input.filePath()).constData(), ChunkSize);
    archive_entry *entry = nullptr;
    const int header = opened == ARCHIVE_OK ? archive_read_next_header(a.get(), &entry) : opened;
    // The filter chain ends in "none" (the file itself); anything before it is a decompressor.
    const int layers = opened == ARCHIVE_OK ? archive_filter_count(a.get()) - 1 : 0;
    if (header != ARCHIVE_OK && header != ARCHIVE_EOF) {
        const TaskError error = readFailure(a.get(), input.filePath());
        if (error.code() == TaskError::Code::InvalidInput && !looksCompressed(input.filePath()))
            return finish(notCompressed(input.filePath()));
        return finish(error);
    }
    if (layers < 1) {
        // libarchive's bidders pass over a compression header that is cut short; we do not.
        if (looksCompressed(input.filePath()))
            return finish(damaged(input.filePath(), u"the compression header is incomplete"_s));
        return finish(notCompressed(input.filePath()));
    }
    QStringList filters;
    for (int i = 0; i < layers; ++i)
        filters.append(QString::fromLatin1(archive_filter_name(a.get(), i)));
    result.filters = filters.join(u", "_s);

    const QString folderPath = params.outputFolder.isEmpty() ? input.absolutePath() : params.outputFolder;
    TargetFolder folder(folderPath);
    if (TaskError error = folder.open(); error.isError())
        return finish(error);
    const QString outputName = decompressedName(input.fileName(), layers);
    Staging staging(folder);
    if (TaskError error = staging.create(outputName); error.isError())
        return finish(error);

    std::vector<char> buffer(ChunkSize);
    qint64 written = 0;
    int lastProgress = -1;
    while (header == ARCHIVE_OK) { // ARCHIVE_EOF: the "empty" format, nothing to read
        if (promise.isCanceled())
            return; // the staging file goes with `staging`
        const la_ssize_t n = archive_read_data(a.get(), buffer.data(), buffer.size());
        if (n < 0)
            return finish(readFailure(a.get(), input.filePath()));
        if (n == 0)
            break;
        const qint64 consumed = qMax<qint64>(1, archive_filter_bytes(a.get(), -1));
        if (TaskError error = checkLimits(params.limits, input.fileName(), written + n, consumed);
            error.isError())
            return finish(error);
        if (TaskError error = staging.file().write(written, buffer.data(), n); error.isError())
            return finish(error);
        written += n;
        const int progress
            = result.inputBytes > 0 ? int(qMin<qint64>(1000, consumed * 1000 / result.inputBytes)) : 0;
        if (progress != lastProgress) {
            lastProgress = progress;
            promise.setProgressValue(progress);
        }
    }
    if (promise.isCanceled())
        return;

    QString published;
    if (TaskError error = staging.publish(outputName, &published); error.isError())
        return finish(error);
    promise.setProgressValue(1000);
    result.outputPath = folder.filePath(published);
    result.outputBytes = written;
    promise.addResult(std::move(result));
}

} // namespace Ferry
