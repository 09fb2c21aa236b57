#pragma once

#include <QString>

namespace Ferry {

// Guesses from a file name, for deciding which step applies before anything is read. The steps
// themselves look at the content; these only keep a pipeline from trying to extract a photo.

// "x.7z.001" -> "x.7z": the name of a split archive's volume without its number; others unchanged.
QString withoutVolumeNumber(const QString &fileName);

// "x.tar.gz", "x.tgz", "x.zip", "x.7z", "x.7z.001"...: names extraction treats as archives.
bool isArchiveName(const QString &fileName);
// "x.tar", "x.tar.gz", "x.tgz"...: archives that are also compressed single files.
bool isTarballName(const QString &fileName);
// "x.gz", "x.xz", "x.tgz"...: names decompression treats as compressed single files.
bool isCompressedName(const QString &fileName);

} // namespace Ferry
