#pragma once

#include "steps/filedigester.h"
#include "task/taskerror.h"
#include "util/hasher.h"

#include <QByteArray>
#include <QMetaType>
#include <QPromise>
#include <QString>
#include <QStringList>
#include <optional>

namespace Ferry {

struct VerifyParams
{
    QString path; // the file to check
    // The expected digest in hex, any case, optionally "sha256:<hex>". Empty: take it from a checksum
    // file (checksumFile, else the first of checksumFileCandidates() beside the file that lists it).
    QString expected;
    std::optional<HashAlgorithm> algorithm; // default: from the prefix or the digest's length
    QString checksumFile; // an explicit list such as SHA512SUMS; optional
    bool moveAsideOnMismatch = true;
    qint64 chunkSize = FileDigester::DefaultChunkSize;
};

struct VerifyResult
{
    QString path; // where the file is now: the moved-aside name after a mismatch
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    QByteArray expected; // raw digests
    QByteArray actual;
    QString checksumFile; // the list the expected digest came from; empty when it was given
    TaskError error; // ChecksumMismatch names both digests; InvalidInput when no digest is known

    bool matches() const { return !error.isError() && !actual.isEmpty() && actual == expected; }
};

// Hashes the file and compares it with the expected digest. A mismatch moves the file aside to
// "<name>.ferry-mismatch" (numbered when taken, never replacing anything), so a bad file is never
// left under its final name as if it were good. Cancel and progress as in hashStep.
void verifyStep(QPromise<VerifyResult> &promise, const VerifyParams &params);

// The checksum files looked for in the file's folder, in order.
QStringList checksumFileCandidates(const QString &fileName);

} // namespace Ferry

Q_DECLARE_METATYPE(Ferry::VerifyResult)
