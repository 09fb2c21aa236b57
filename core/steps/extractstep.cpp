#include "steps/extractstep.h"

#include "net/filenames.h"
#include "steps/archivenames.h"
#include "steps/entrypolicy.h"
#include "steps/stagingfolder.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr size_t ReadBlockSize = 1024 * 1024;

struct ArchiveFree
{
    void operator()(archive *a) const { archive_read_free(a); }
};

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1);
}

// One run of the step: reads headers and data blocks in order, vets each entry, writes it into the
// staging folder and keeps the books the limits need.
class Extractor
{
public:
    Extractor(QPromise<ExtractResult> &promise, const ExtractParams &params)
        : m_promise(promise), m_params(params), m_policy(params.limits),
          m_archiveName(QFileInfo(params.archivePath).fileName())
    {
    }

    ~Extractor()
    {
        m_archive.reset();
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Extractor(const Extractor &) = delete;
    Extractor &operator=(const Extractor &) = delete;

    TaskError run(ExtractResult *result);

private:
    TaskError open();
    TaskError extractEntry(archive_entry *entry);
    TaskError writeFile(archive_entry *entry, const QByteArrayList &parts, const QString &name, bool linked = false);
    TaskError writeBlocks(int fd, archive_entry *entry, const QString &name);
    TaskError checkAnnounced(archive_entry *entry, const QString &name) const;
    TaskError damaged(const QString &entry) const;
    TaskError cancelled() const { return { TaskError::Code::Cancelled, u"Extraction cancelled"_s }; }
    void reportProgress();

    QPromise<ExtractResult> &m_promise;
    const ExtractParams &m_params;
    const ArchiveLimits &m_limits = m_params.limits;
    EntryPolicy m_policy;
    QString m_archiveName;
    StagingFolder m_staging;
    std::unique_ptr<archive, ArchiveFree> m_archive;
    int m_fd = -1;
    bool m_opened = false;
    qint64 m_archiveSize = 0;
    qint64 m_entries = 0;
    qint64 m_bytes = 0;
    int m_permille = -1;
};

TaskError Extractor::open()
{
    const QByteArray path = QFile::encodeName(m_params.archivePath);
    m_fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (m_fd < 0 || ::fstat(m_fd, &st) != 0) {
        return { TaskError::Code::InvalidInput, u"Cannot open the archive %1"_s.arg(m_params.archivePath),
                 QString::fromLocal8Bit(std::strerror(errno)) };
    }
    if (!S_ISREG(st.st_mode)) {
        return { TaskError::Code::InvalidInput, u"%1 is not a file"_s.arg(m_params.archivePath),
                 u"a folder, device or FIFO"_s };
    }
    m_archiveSize = st.st_size;
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    // A split archive: libarchive reads the volumes as one stream, seeking across them.
    std::vector<QByteArray> volumes{ path };
    for (const QString &part : m_params.moreParts) {
        struct stat partStat;
        volumes.push_back(QFile::encodeName(part));
        if (::stat(volumes.back().constData(), &partStat) != 0 || !S_ISREG(partStat.st_mode)) {
            return { TaskError::Code::InvalidInput, u"Part %1 of %2 is missing or not a file"_s.arg(part, m_archiveName),
                     QString::fromLocal8Bit(std::strerror(errno)) };
        }
        m_archiveSize += partStat.st_size;
    }
    m_archive.reset(archive_read_new());
    archive *a = m_archive.get();
    if (!a)
        return { TaskError::Code::FileSystem, u"Cannot start reading %1"_s.arg(m_archiveName), u"out of memory"_s };
    archive_read_support_filter_all(a);
    archive_read_support_format_all(a);
    int opened = ARCHIVE_FATAL;
    if (volumes.size() == 1) {
        opened = archive_read_open_fd(a, m_fd, ReadBlockSize);
    } else {
        std::vector<const char *> names;
        for (const QByteArray &v : volumes)
            names.push_back(v.constData());
        names.push_back(nullptr);
        opened = archive_read_open_filenames(a, names.data(), ReadBlockSize);
    }
    if (opened != ARCHIVE_OK)
        return damaged({});
    m_opened = true;
    return {};
}

TaskError Extractor::damaged(const QString &entry) const
{
    archive *a = m_archive.get();
    const QString detail = QString::fromUtf8(archive_error_string(a));
    // Only ask once open succeeded: after a failed open libarchive's format pointer is not valid.
    if (m_opened && archive_read_has_encrypted_entries(a) > 0 && entry.isEmpty()) {
        return { TaskError::Code::InvalidInput,
                 u"The archive %1 is encrypted: passwords are not supported"_s.arg(m_archiveName), detail };
    }
    if (m_entries == 0) {
        return { TaskError::Code::InvalidInput,
                 u"%1 is damaged or not an archive Ferry can read"_s.arg(m_archiveName), detail };
    }
    if (entry.isEmpty())
        return { TaskError::Code::InvalidInput, u"The archive %1 is damaged"_s.arg(m_archiveName), detail };
    return { TaskError::Code::InvalidInput,
             u"The archive %1 is damaged at entry '%2'"_s.arg(m_archiveName, EntryPolicy::displayName(entry)),
             detail };
}

void Extractor::reportProgress()
{
    if (m_archiveSize <= 0)
        return;
    const qint64 consumed = archive_filter_bytes(m_archive.get(), -1);
    const int permille = int(std::clamp(consumed * 1000 / m_archiveSize, qint64(0), qint64(999)));
    if (permille <= m_permille)
        return;
    m_permille = permille;
    m_promise.setProgressValueAndText(permille, u"%1 entries"_s.arg(m_entries));
}

TaskError Extractor::run(ExtractResult *result)
{
    if (TaskError error = open(); error.isError())
        return error;
    const QString target = m_params.targetFolder.isEmpty() ? QFileInfo(m_params.archivePath).absolutePath()
                                                           : m_params.targetFolder;
    const TaskError created = m_staging.create(target);
    result->log = m_staging.cleanupLog();
    if (created.isError())
        return created;
    reportProgress();

    archive_entry *entry = nullptr;
    while (true) {
        if (m_promise.isCanceled())
            return cancelled();
        const int rc = archive_read_next_header(m_archive.get(), &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN)  // a warning (a name that does not convert to the locale) is not fatal
            return damaged({});
        if (m_limits.maxEntries > 0 && ++m_entries > m_limits.maxEntries) {
            return { TaskError::Code::InvalidInput,
                     u"The archive %1 has more than %2 entries, the limit for one archive"_s
                         .arg(m_archiveName).arg(m_limits.maxEntries) };
        }
        if (TaskError error = extractEntry(entry); error.isError())
            return error;
        reportProgress();
    }
    if (m_promise.isCanceled())
        return cancelled();

    const QString name = m_params.folderName.isEmpty() ? extractFolderName(m_params.archivePath)
                                                       : FileNames::sanitize(m_params.folderName, u"archive"_s);
    if (TaskError error = m_staging.publish(name, &result->folderPath); error.isError())
        return error;
    result->entries = m_entries;
    result->bytes = m_bytes;
    return {};
}

TaskError Extractor::extractEntry(archive_entry *entry)
{
    const char *utf8 = archive_entry_pathname_utf8(entry);
    const QByteArray path = utf8 ? QByteArray(utf8) : QByteArray(archive_entry_pathname(entry));
    const QString name = utf8 ? QString::fromUtf8(path) : QString::fromLocal8Bit(path);
    if (name.isEmpty()) {
        return { TaskError::Code::InvalidInput,
                 u"The archive %1 is damaged: entry %2 has no name"_s.arg(m_archiveName).arg(m_entries) };
    }
    const QString &shown = name;

    if (archive_entry_is_encrypted(entry)) {
        return { TaskError::Code::InvalidInput,
                 u"encrypted entry '%1': passwords are not supported"_s.arg(EntryPolicy::displayName(shown)) };
    }
    QByteArrayList parts;
    if (QString reason = m_policy.splitPath(path, &parts); !reason.isEmpty())
        return EntryPolicy::refusal(shown, reason);

    if (const char *link = archive_entry_hardlink(entry)) {
        const char *linkUtf8 = archive_entry_hardlink_utf8(entry);
        QByteArrayList targetParts;
        const QString reason = m_policy.splitPath(linkUtf8 ? QByteArray(linkUtf8) : QByteArray(link), &targetParts);
        if (!reason.isEmpty())
            return EntryPolicy::refusal(shown, u"hardlink target: "_s + reason);
        if (parts.isEmpty() || targetParts.isEmpty())
            return EntryPolicy::refusal(shown, u"hardlink to or from the folder itself"_s);
        if (TaskError error = m_staging.makeHardlink(parts, targetParts, shown); error.isError())
            return error;
        // cpio (and pax) may carry the shared file's data on a link entry: it belongs to that file.
        if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0)
            return writeFile(entry, parts, shown, true);
        return {};
    }

    const mode_t type = archive_entry_filetype(entry);
    if (QString reason = EntryPolicy::checkFileType(type); !reason.isEmpty())
        return EntryPolicy::refusal(shown, reason);
    if (parts.isEmpty()) {
        if (type == AE_IFDIR)
            return {};  // "./": the folder itself
        return EntryPolicy::refusal(shown, u"the entry has no name"_s);
    }
    const mode_t permissions = archive_entry_perm(entry);
    switch (type) {
    case AE_IFDIR:
        return m_staging.makeFolder(parts, EntryPolicy::folderPermissions(permissions), shown);
    case AE_IFLNK: {
        const char *targetUtf8 = archive_entry_symlink_utf8(entry);
        const char *targetRaw = archive_entry_symlink(entry);
        const QByteArray target = targetUtf8 ? QByteArray(targetUtf8) : QByteArray(targetRaw);
        if (QString reason = m_policy.checkSymlinkTarget(parts, target); !reason.isEmpty())
            return EntryPolicy::refusal(shown, reason);
        return m_staging.makeSymlink(parts, target, shown);
    }
    default:
        return writeFile(entry, parts, shown);
    }
}

TaskError Extractor::checkAnnounced(archive_entry *entry, const QString &name) const
{
    if (!archive_entry_size_is_set(entry))
        return {};
    const qint64 size = archive_entry_size(entry);
    if (m_limits.maxEntryBytes > 0 && size > m_limits.maxEntryBytes) {
        return { TaskError::Code::InvalidInput,
                 u"entry '%1' is %2, over the limit of %3 for one file"_s
                     .arg(EntryPolicy::displayName(name), sizeText(size), sizeText(m_limits.maxEntryBytes)) };
    }
    if (m_limits.maxTotalBytes > 0 && m_bytes + size > m_limits.maxTotalBytes) {
        return { TaskError::Code::InvalidInput,
                 u"The archive %1 unpacks to more than %2, the limit for one archive"_s
                     .arg(m_archiveName, sizeText(m_limits.maxTotalBytes)),
                 u"at entry '%1'"_s.arg(EntryPolicy::displayName(name)) };
    }
    return {};
}

TaskError Extractor::writeFile(archive_entry *entry, const QByteArrayList &parts, const QString &name, bool linked)
{
    if (TaskError error = checkAnnounced(entry, name); error.isError())
        return error;
    int fd = -1;
    const mode_t mode = EntryPolicy::filePermissions(archive_entry_perm(entry));
    TaskError opened = linked ? m_staging.reopenFile(parts, name, &fd) : m_staging.createFile(parts, mode, name, &fd);
    if (opened.isError())
        return opened;
    TaskError error = writeBlocks(fd, entry, name);
    if (!error.isError() && archive_entry_mtime_is_set(entry)) {
        const struct timespec times[2] = { { 0, UTIME_OMIT },
                                           { archive_entry_mtime(entry), archive_entry_mtime_nsec(entry) } };
        ::futimens(fd, times);  // a time we cannot set is not worth failing the extraction for
    }
    if (::close(fd) != 0 && !error.isError())
        error = StagingFolder::systemError(errno, m_staging.path() + u'/' + name);
    return error;
}

TaskError Extractor::writeBlocks(int fd, archive_entry *entry, const QString &name)
{
    archive *a = m_archive.get();
    qint64 end = 0;
    while (true) {
        const void *data = nullptr;
        size_t size = 0;
        la_int64_t offset = 0;
        const int rc = archive_read_data_block(a, &data, &size, &offset);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN)
            return damaged(name);
        if (m_promise.isCanceled())
            return cancelled();
        const qint64 blockEnd = qint64(offset) + qint64(size);
        if (m_limits.maxEntryBytes > 0 && blockEnd > m_limits.maxEntryBytes) {
            return { TaskError::Code::InvalidInput,
                     u"entry '%1' is larger than the limit of %2 for one file"_s
                         .arg(EntryPolicy::displayName(name), sizeText(m_limits.maxEntryBytes)) };
        }
        m_bytes += qint64(size);
        if (m_limits.maxTotalBytes > 0 && m_bytes > m_limits.maxTotalBytes) {
            return { TaskError::Code::InvalidInput,
                     u"The archive %1 unpacks to more than %2, the limit for one archive"_s
                         .arg(m_archiveName, sizeText(m_limits.maxTotalBytes)),
                     u"at entry '%1'"_s.arg(EntryPolicy::displayName(name)) };
        }
        if (m_limits.maxRatio > 0 && m_bytes > m_limits.ratioMinBytes
            && double(m_bytes) > m_limits.maxRatio * double(qMax<qint64>(m_archiveSize, 1))) {
            return { TaskError::Code::InvalidInput,
                     u"The archive %1 expands to more than %2 times its size, the limit against archive bombs"_s
                         .arg(m_archiveName).arg(m_limits.maxRatio),
                     u"%1 from %2, at entry '%3'"_s.arg(sizeText(m_bytes), sizeText(m_archiveSize),
                                                       EntryPolicy::displayName(name)) };
        }
        const char *bytes = static_cast<const char *>(data);
        for (size_t done = 0; done < size;) {
            const ssize_t n = ::pwrite(fd, bytes + done, size - done, off_t(offset) + off_t(done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return StagingFolder::systemError(n < 0 ? errno : ENOSPC, m_staging.path() + u'/' + name);
            done += size_t(n);
        }
        end = qMax(end, blockEnd);
        reportProgress();
    }
    // A sparse file may end in a hole: the size comes from the header, not from the last block.
    if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > end
        && ::ftruncate(fd, off_t(archive_entry_size(entry))) != 0) {
        return StagingFolder::systemError(errno, m_staging.path() + u'/' + name);
    }
    return {};
}

} // namespace

QString extractFolderName(const QString &archivePath)
{
    // A compression suffix goes first, then the archive's own: "a.tar.gz", "a.cpio.xz".
    static const char *const compressions[] = { ".gz", ".bz2", ".xz", ".zst", ".lz4", ".lz", ".lzma", ".lzo", ".z" };
    static const char *const suffixes[] = {
        ".tgz", ".tbz", ".tbz2", ".tb2", ".txz", ".tzst", ".tlz", ".taz", ".tar", ".zip", ".7z", ".rar", ".cpio",
        ".iso", ".xar", ".cab", ".lha", ".lzh", ".ar", ".deb", ".rpm", ".jar", ".warc",
    };
    QString file = withoutVolumeNumber(QFileInfo(archivePath).fileName());
    for (const char *suffix : compressions) {
        const QLatin1String ext(suffix);
        if (file.size() > ext.size() && file.endsWith(ext, Qt::CaseInsensitive)) {
            file.chop(ext.size());
            break;
        }
    }
    QString stem;
    for (const char *suffix : suffixes) {
        const QLatin1String ext(suffix);
        if (file.size() > ext.size() && file.endsWith(ext, Qt::CaseInsensitive)) {
            stem = file.chopped(ext.size());
            break;
        }
    }
    if (stem.isEmpty()) {
        const qsizetype dot = file.lastIndexOf(u'.');
        stem = dot > 0 ? file.left(dot) : file;
    }
    return FileNames::sanitize(stem, u"archive"_s);
}

void extractArchive(QPromise<ExtractResult> &promise, const ExtractParams &params)
{
    promise.setProgressRange(0, 1000);
    ExtractResult result;
    {
        Extractor extractor(promise, params);
        result.error = extractor.run(&result);
    }  // the extractor's staging folder is gone (or published) before anyone hears of the outcome
    if (result.error.isError())
        result.folderPath.clear();
    else
        promise.setProgressValueAndText(1000, u"%1 entries"_s.arg(result.entries));
    promise.addResult(result);  // dropped by Qt when cancelled
}

} // namespace Ferry
