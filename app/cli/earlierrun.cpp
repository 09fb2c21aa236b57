#include "earlierrun.h"

#include "steps/filedigester.h"

#include <QFile>

namespace Ferry::EarlierRun {

QString stepsMarker(const QString &finalPath)
{
    return finalPath + QStringLiteral(".ferry-steps");
}

bool stepsPending(const QString &finalPath)
{
    return QFile::exists(stepsMarker(finalPath));
}

QString markStepsPending(const QString &finalPath, const QUrl &url)
{
    // No sync: a kill leaves the page cache behind, and a power cut that loses the marker loses the
    // download's bytes with it.
    QFile marker(stepsMarker(finalPath));
    if (!marker.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || marker.write(url.toEncoded() + '\n') < 0 || !marker.flush())
        return marker.errorString();
    return {};
}

void clearStepsPending(const QString &finalPath)
{
    QFile::remove(stepsMarker(finalPath));
}

bool fileMatches(const QString &path, const ExpectedChecksum &expected)
{
    FileDigester digester({ expected.algorithm });
    FileDigests digests;
    TaskError error;
    return digester.digest(path, [](qint64) { return true; }, &digests, &error) == FileDigester::Outcome::Done
           && digests.digest(expected.algorithm) == expected.digest;
}

} // namespace Ferry::EarlierRun
