#include "steps/archivenames.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

bool endsWithAny(const QString &name, const QStringList &suffixes)
{
    for (const QString &s : suffixes) {
        if (name.endsWith(s, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace

QString withoutVolumeNumber(const QString &fileName)
{
    const qsizetype n = fileName.size();
    if (n > 4 && fileName.at(n - 4) == u'.' && fileName.at(n - 3).isDigit() && fileName.at(n - 2).isDigit()
        && fileName.at(n - 1).isDigit()) {
        return fileName.chopped(4);
    }
    return fileName;
}

bool isTarballName(const QString &fileName)
{
    static const QStringList s{ u".tar"_s, u".tar.gz"_s, u".tgz"_s, u".tar.bz2"_s, u".tbz"_s, u".tbz2"_s,
                                u".tar.xz"_s, u".txz"_s, u".tar.zst"_s, u".tzst"_s, u".tar.lz4"_s, u".tar.lzma"_s };
    return endsWithAny(fileName, s);
}

bool isArchiveName(const QString &fileName)
{
    static const QStringList others{ u".zip"_s, u".7z"_s, u".rar"_s, u".cpio"_s, u".iso"_s, u".ar"_s, u".xar"_s };
    const QString name = withoutVolumeNumber(fileName);
    return isTarballName(name) || endsWithAny(name, others);
}

bool isCompressedName(const QString &fileName)
{
    static const QStringList filters{ u".gz"_s, u".bz2"_s, u".xz"_s, u".zst"_s, u".lzma"_s, u".lz4"_s,
                                      u".tgz"_s, u".txz"_s, u".tbz2"_s };
    return endsWithAny(fileName, filters);
}

} // namespace Ferry
