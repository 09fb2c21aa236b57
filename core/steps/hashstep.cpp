#include "steps/hashstep.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

TaskError folderError(int err, const QString &path)
{
    const QString detail = QString::fromLocal8Bit(std::strerror(err));
    if (err == EACCES || err == EPERM)
        return { TaskError::Code::Permission, u"No permission to read the folder %1"_s.arg(path), detail };
    if (err == ENOENT)
        return { TaskError::Code::InvalidInput, u"The folder %1 does not exist"_s.arg(path), detail };
    return { TaskError::Code::FileSystem, u"Cannot read the folder %1"_s.arg(path), detail };
}

// Lists the regular files below `dirFd` (prefix is their path relative to the root), recursively,
// without following symlinks. Returns false with *error set when a folder cannot be read: a file
// silently left out would make a checksum list that looks complete and is not.
template<typename T>
bool walk(QPromise<T> &promise, int dirFd, const QString &root, const QString &prefix,
    QList<FileDigests> *files, TaskError *error)
{
    DIR *dir = ::fdopendir(dirFd);
    if (!dir) {
        *error = folderError(errno, root + u'/' + prefix);
        ::close(dirFd);
        return false;
    }
    bool ok = true;
    while (ok && !promise.isCanceled()) {
        errno = 0;
        const dirent *entry = ::readdir(dir);
        if (!entry) {
            if (errno != 0) {
                *error = folderError(errno, root + u'/' + prefix);
                ok = false;
            }
            break;
        }
        if (std::strcmp(entry->d_name, ".") == 0 || std::strcmp(entry->d_name, "..") == 0)
            continue;
        const QString relative = prefix + QFile::decodeName(entry->d_name);
        struct stat st;
        if (::fstatat(::dirfd(dir), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            *error = folderError(errno, root + u'/' + relative);
            ok = false;
        } else if (S_ISREG(st.st_mode)) {
            FileDigests file;
            file.path = root + u'/' + relative;
            file.relativePath = relative;
            file.size = qint64(st.st_size);
            files->append(std::move(file));
        } else if (S_ISDIR(st.st_mode)) {
            const int child
                = ::openat(::dirfd(dir), entry->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0) {
                *error = folderError(errno, root + u'/' + relative);
                ok = false;
            } else {
                ok = walk(promise, child, root, relative + u'/', files, error);
            }
        }
        // Symlinks, FIFOs, sockets and devices are not files we hash.
    }
    ::closedir(dir); // closes dirFd too
    return ok;
}

// The files a path stands for: itself, or the regular files of a folder sorted by relative path.
template<typename T>
bool collect(QPromise<T> &promise, const QString &path, bool folderAllowed, QList<FileDigests> *files,
    TaskError *error)
{
    if (path.isEmpty()) {
        *error = { TaskError::Code::InvalidInput, u"No file to hash was given"_s };
        return false;
    }
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    struct stat st;
    if (::stat(QFile::encodeName(absolute).constData(), &st) != 0) {
        *error = FileDigester::checkRegularFile(absolute); // names the reason the same way
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (const TaskError notFile = FileDigester::checkRegularFile(absolute); notFile.isError()) {
            *error = notFile;
            return false;
        }
        FileDigests file;
        file.path = absolute;
        file.relativePath = QFileInfo(absolute).fileName();
        file.size = qint64(st.st_size);
        files->append(std::move(file));
        return true;
    }
    if (!folderAllowed) {
        *error = { TaskError::Code::InvalidInput, u"%1 is a folder, not a file"_s.arg(absolute) };
        return false;
    }
    const int fd = ::open(QFile::encodeName(absolute).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        *error = folderError(errno, absolute);
        return false;
    }
    if (!walk(promise, fd, absolute, QString(), files, error))
        return false;
    std::sort(files->begin(), files->end(),
        [](const FileDigests &a, const FileDigests &b) { return a.relativePath < b.relativePath; });
    return true;
}

// Per-mille of the bytes, reported only when it changes.
template<typename T> class Progress
{
public:
    Progress(QPromise<T> &promise, qint64 total)
        : m_promise(promise)
        , m_total(total)
    { }
    void report(qint64 done)
    {
        const int value = m_total > 0 ? int(qMin<qint64>(1000, done * 1000 / m_total)) : 0;
        if (value != m_last) {
            m_last = value;
            m_promise.setProgressValue(value);
        }
    }

private:
    QPromise<T> &m_promise;
    qint64 m_total;
    int m_last = -1;
};

// Hashes the collected files in place. false on a cancel (no error) or a failure (*error set; files
// is cut to those done).
template<typename T>
bool hashAll(QPromise<T> &promise, QList<FileDigests> *files, const QList<HashAlgorithm> &algorithms,
    qint64 chunkSize, TaskError *error)
{
    qint64 total = 0;
    for (const FileDigests &file : *files)
        total += file.size;
    Progress<T> progress(promise, total);
    progress.report(0);

    FileDigester digester(algorithms, chunkSize);
    qint64 before = 0;
    for (qsizetype i = 0; i < files->size(); ++i) {
        FileDigests &file = (*files)[i];
        const auto onChunk = [&](qint64 read) {
            progress.report(before + read);
            return !promise.isCanceled();
        };
        // The path and relative path stay as collected; digest() fills the size and digests.
        const QString relative = file.relativePath;
        const auto outcome = digester.digest(file.path, onChunk, &file, error);
        file.relativePath = relative;
        if (outcome == FileDigester::Outcome::Stopped)
            return false;
        if (outcome == FileDigester::Outcome::Failed) {
            files->resize(i);
            return false;
        }
        before += file.size;
        if (promise.isCanceled())
            return false;
    }
    progress.report(total);
    return true;
}

QList<HashAlgorithm> distinct(const QList<HashAlgorithm> &algorithms)
{
    QList<HashAlgorithm> out;
    for (HashAlgorithm algorithm : algorithms) {
        if (!out.contains(algorithm))
            out.append(algorithm);
    }
    return out;
}

} // namespace

void hashStep(QPromise<HashResult> &promise, const HashParams &params)
{
    promise.setProgressRange(0, 1000);
    HashResult result;
    const QList<HashAlgorithm> algorithms = distinct(params.algorithms);
    if (algorithms.isEmpty()) {
        result.error = { TaskError::Code::InvalidInput, u"No hash algorithm was chosen"_s };
        promise.addResult(std::move(result));
        return;
    }
    if (!collect(promise, params.path, params.folderAllowed, &result.files, &result.error)
        || !hashAll(promise, &result.files, algorithms, params.chunkSize, &result.error)) {
        if (result.error.isError())
            promise.addResult(std::move(result));
        return; // no error: cancelled, and the future says so
    }
    for (const FileDigests &file : std::as_const(result.files))
        result.totalBytes += file.size;
    promise.addResult(std::move(result));
}

QByteArray formatSha256Sums(const QList<FileDigests> &files)
{
    QByteArray out;
    for (const FileDigests &file : files) {
        QByteArray name = QFile::encodeName(file.relativePath);
        const bool escape = name.contains('\\') || name.contains('\n') || name.contains('\r');
        if (escape) {
            name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
            out += '\\';
        }
        out += file.digest(HashAlgorithm::Sha256).toHex() + "  " + name + '\n';
    }
    return out;
}

void sha256SumsStep(QPromise<Sha256SumsResult> &promise, const Sha256SumsParams &params)
{
    promise.setProgressRange(0, 1000);
    Sha256SumsResult result;
    const QString folder = QDir::cleanPath(QFileInfo(params.folder).absoluteFilePath());
    const auto fail = [&](TaskError error) {
        result.error = std::move(error);
        promise.addResult(std::move(result));
    };
    if (params.folder.isEmpty() || !QFileInfo(folder).isDir()) {
        return fail({ TaskError::Code::InvalidInput, u"%1 is not a folder"_s.arg(params.folder) });
    }
    if (params.fileName.isEmpty() || params.fileName.contains(u'/')) {
        return fail({ TaskError::Code::InvalidInput,
            u"The checksum file name \"%1\" is not a plain file name"_s.arg(params.fileName) });
    }
    result.path = folder + u'/' + params.fileName;

    TaskError error;
    QList<FileDigests> files;
    if (!collect(promise, folder, true, &files, &error)) {
        if (error.isError())
            fail(error);
        return;
    }
    // The list does not describe itself (an earlier run's copy is about to be replaced).
    files.removeIf([&](const FileDigests &file) { return file.relativePath == params.fileName; });
    if (!hashAll(promise, &files, { HashAlgorithm::Sha256 }, params.chunkSize, &error)) {
        result.files = files;
        if (error.isError())
            fail(error);
        return;
    }

    // QSaveFile would write through a symlink planted under the list's name; refuse instead.
    if (QFileInfo(result.path).isSymLink()) {
        return fail(
            { TaskError::Code::InvalidInput, u"%1 is a symbolic link: not replaced"_s.arg(result.path) });
    }
    QSaveFile out(result.path);
    if (!out.open(QIODevice::WriteOnly)) {
        const auto code
            = QFileInfo(folder).isWritable() ? TaskError::Code::FileSystem : TaskError::Code::Permission;
        return fail({ code, u"Cannot write %1"_s.arg(result.path), out.errorString() });
    }
    const QByteArray content = formatSha256Sums(files);
    if (out.write(content) != content.size()) {
        return fail(
            { TaskError::Code::FileSystem, u"Cannot write %1"_s.arg(result.path), out.errorString() });
    }
    if (promise.isCanceled())
        return; // QSaveFile's destructor drops the temporary file
    if (!out.commit()) {
        return fail(
            { TaskError::Code::FileSystem, u"Cannot write %1"_s.arg(result.path), out.errorString() });
    }
    result.files = std::move(files);
    promise.addResult(std::move(result));
}

} // namespace Ferry
