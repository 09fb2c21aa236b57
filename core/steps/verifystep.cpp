#include "steps/verifystep.h"

#include "net/partialfile.h"
#include "util/checksumfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 maxBareDigestFile = 4096; // "<hex>\n" alone, as some sites publish name.sha256

struct Expected
{
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    QByteArray digest;
    QString source; // the checksum file, or empty
};

bool isHex(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    });
}


TaskError parseGiven(const VerifyParams &params, Expected *out)
{
    QString hex = params.expected.trimmed();
    std::optional<HashAlgorithm> algorithm = params.algorithm;
    if (const qsizetype colon = hex.indexOf(u':'); colon >= 0) {
        const auto named = hashAlgorithmFromName(QStringView(hex).first(colon));
        if (!named) {
            return { TaskError::Code::InvalidInput,
                u"Unknown hash algorithm \"%1\""_s.arg(hex.first(colon)) };
        }
        if (algorithm && *algorithm != *named) {
            return { TaskError::Code::InvalidInput,
                u"The digest is %1, but %2 was asked for"_s.arg(
                    hashAlgorithmName(*named), hashAlgorithmName(*algorithm)) };
        }
        algorithm = named;
        hex = hex.sliced(colon + 1).trimmed();
    }
    if (!isHex(hex))
        return { TaskError::Code::InvalidInput, u"The expected digest \"%1\" is not hexadecimal"_s.arg(hex) };
    if (!algorithm)
        algorithm = hashAlgorithmForHexLength(hex.size());
    if (!algorithm) {
        return { TaskError::Code::InvalidInput,
            u"A digest of %1 hex digits matches no known algorithm"_s.arg(hex.size()) };
    }
    if (hex.size() != 2 * hashDigestLength(*algorithm)) {
        return { TaskError::Code::InvalidInput,
            u"A %1 digest has %2 hex digits, not %3"_s.arg(hashAlgorithmName(*algorithm))
                .arg(2 * hashDigestLength(*algorithm))
                .arg(hex.size()) };
    }
    out->algorithm = *algorithm;
    out->digest = QByteArray::fromHex(hex.toLatin1());
    return {};
}

// A sidecar holding nothing but the digest: no name to match, it is this file's by its own name.
std::optional<QByteArray> bareDigest(const QString &path)
{
    QFile file(path);
    if (file.size() > maxBareDigestFile || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QString text = QString::fromLatin1(file.readAll()).trimmed();
    if (text.size() != 2 * hashDigestLength(HashAlgorithm::Sha256) || !isHex(text))
        return std::nullopt;
    return QByteArray::fromHex(text.toLatin1());
}

// Looks the file up in one checksum list. `ownSidecar`: the list is named after the file, so a single
// entry under another name (the file was renamed or numbered) still counts.
std::optional<Expected> lookUp(const QString &listPath, const QString &fileName, bool ownSidecar,
    std::optional<HashAlgorithm> algorithm, QStringList *problems)
{
    QString error;
    const auto list = ChecksumFile::load(listPath, &error, algorithm);
    if (!list) {
        if (ownSidecar) {
            if (const auto digest = bareDigest(listPath))
                return Expected { HashAlgorithm::Sha256, *digest, listPath };
        }
        problems->append(u"%1: %2"_s.arg(listPath, error));
        return std::nullopt;
    }
    auto entry = list->find(fileName);
    if (!entry && ownSidecar && list->entries().size() == 1)
        entry = list->entries().constFirst();
    if (!entry) {
        problems->append(u"%1 does not list %2"_s.arg(listPath, fileName));
        return std::nullopt;
    }
    return Expected { entry->algorithm, entry->digest, listPath };
}

TaskError findExpected(const VerifyParams &params, const QFileInfo &file, Expected *out)
{
    QStringList problems;
    if (!params.checksumFile.isEmpty()) {
        const QString list = QFileInfo(params.checksumFile).absoluteFilePath();
        if (auto found = lookUp(list, file.fileName(), false, params.algorithm, &problems)) {
            *out = *found;
            return {};
        }
        return { TaskError::Code::InvalidInput, u"No checksum for %1 in %2"_s.arg(file.fileName(), list),
            problems.join(u"; "_s) };
    }
    const QDir folder = file.absoluteDir();
    const QStringList candidates = checksumFileCandidates(file.fileName());
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        const QString list = folder.filePath(candidates.at(i));
        if (!QFileInfo(list).isFile())
            continue;
        const bool ownSidecar = i < 2; // <name>.sha256, <name>.sha256sum
        if (auto found = lookUp(list, file.fileName(), ownSidecar, HashAlgorithm::Sha256, &problems)) {
            *out = *found;
            return {};
        }
    }
    if (problems.isEmpty()) {
        return { TaskError::Code::InvalidInput,
            u"No checksum was given for %1 and no checksum file was found beside it"_s.arg(file.fileName()),
            u"looked for %1 in %2"_s.arg(candidates.join(u", "_s), folder.path()) };
    }
    return { TaskError::Code::InvalidInput, u"No checksum file beside %1 lists it"_s.arg(file.fileName()),
        problems.join(u"; "_s) };
}

// Renames the file to "<name>.ferry-mismatch" (or a numbered variant) in its folder.
TaskError moveAside(const QFileInfo &file, QString *movedTo)
{
    TargetFolder folder(file.absolutePath());
    if (TaskError error = folder.open(); error.isError())
        return error;
    QString published;
    const TaskError error
        = folder.publish(file.fileName(), file.fileName() + u".ferry-mismatch"_s, &published);
    if (!error.isError())
        *movedTo = folder.filePath(published);
    return error;
}

} // namespace

QStringList checksumFileCandidates(const QString &fileName)
{
    return { fileName + u".sha256"_s, fileName + u".sha256sum"_s, u"SHA256SUMS"_s, u"sha256sums.txt"_s };
}

void verifyStep(QPromise<VerifyResult> &promise, const VerifyParams &params)
{
    promise.setProgressRange(0, 1000);
    VerifyResult result;
    const auto finish = [&](TaskError error) {
        result.error = std::move(error);
        promise.addResult(std::move(result));
    };
    if (params.path.isEmpty())
        return finish({ TaskError::Code::InvalidInput, u"No file to verify was given"_s });
    const QFileInfo file(QDir::cleanPath(QFileInfo(params.path).absoluteFilePath()));
    result.path = file.filePath();
    if (TaskError error = FileDigester::checkRegularFile(result.path); error.isError())
        return finish(error);

    Expected expected;
    TaskError error = params.expected.trimmed().isEmpty() ? findExpected(params, file, &expected)
                                                          : parseGiven(params, &expected);
    if (error.isError())
        return finish(error);
    result.algorithm = expected.algorithm;
    result.expected = expected.digest;
    result.checksumFile = expected.source;

    const qint64 total = file.size();
    int last = -1;
    const auto onChunk = [&](qint64 read) {
        const int value = total > 0 ? int(qMin<qint64>(1000, read * 1000 / total)) : 0;
        if (value != last) {
            last = value;
            promise.setProgressValue(value);
        }
        return !promise.isCanceled();
    };
    FileDigester digester({ expected.algorithm }, params.chunkSize);
    FileDigests digests;
    switch (digester.digest(result.path, onChunk, &digests, &error)) {
    case FileDigester::Outcome::Stopped:
        return; // cancelled: no result
    case FileDigester::Outcome::Failed:
        return finish(error);
    case FileDigester::Outcome::Done:
        break;
    }
    promise.setProgressValue(1000);
    result.actual = digests.digest(expected.algorithm);
    if (result.actual == result.expected) {
        promise.addResult(std::move(result));
        return;
    }

    const QString algorithmName = hashAlgorithmName(expected.algorithm);
    const QString digestsText = u"expected %1 %2, got %3"_s.arg(algorithmName,
        QString::fromLatin1(result.expected.toHex()), QString::fromLatin1(result.actual.toHex()));
    if (!params.moveAsideOnMismatch) {
        return finish({ TaskError::Code::ChecksumMismatch,
            u"%1 does not match its checksum: %2"_s.arg(file.fileName(), digestsText) });
    }
    QString movedTo;
    const TaskError moveError = moveAside(file, &movedTo);
    if (moveError.isError()) {
        // Still a mismatch first; the message says loudly that the bad file is where it was.
        return finish({ TaskError::Code::ChecksumMismatch,
            u"%1 does not match its checksum (%2) and could not be moved aside: %3"_s.arg(
                file.fileName(), digestsText, moveError.message()),
            moveError.detail() });
    }
    result.path = movedTo;
    finish({ TaskError::Code::ChecksumMismatch,
        u"%1 does not match its checksum: %2; moved aside to %3"_s.arg(
            file.fileName(), digestsText, QFileInfo(movedTo).fileName()) });
}

} // namespace Ferry
