#pragma once

#include "util/hasher.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Ferry {

struct ChecksumEntry
{
    QString fileName; // as listed (unescaped), possibly with a directory part
    HashAlgorithm algorithm = HashAlgorithm::Sha256;
    QByteArray digest; // raw bytes, not hex
};

// A SHA256SUMS-style file as written by sha256sum & co: "<hex>  <name>", "<hex> *<name>" (binary
// marker), the BSD/--tag form "SHA256 (<name>) = <hex>", and GNU escaping (a leading '\' on the line
// means the name uses \\, \n and \r). Blank lines and '#' comments are skipped. Malformed lines are
// skipped too, but each one is reported in errors(), never silently.
class ChecksumFile
{
public:
    // With an algorithm, every digest must have its length (and a BSD tag must name it); without,
    // each line's algorithm is the tag's or follows from the digest length.
    static ChecksumFile parse(QByteArrayView content, std::optional<HashAlgorithm> algorithm = std::nullopt);
    // Reads and parses a file. nullopt (and *error set) when it cannot be read, is implausibly large
    // for a checksum list, or holds no valid entry at all.
    static std::optional<ChecksumFile> load(
        const QString &path, QString *error, std::optional<HashAlgorithm> algorithm = std::nullopt);

    QList<ChecksumEntry> entries() const { return m_entries; }
    QStringList errors() const { return m_errors; } // "line 3: ..."

    // The entry for a file: an exact name match first, else a match on the base name ('/' and '\'
    // both separate). nullopt when nothing matches or the matches disagree on the digest.
    std::optional<ChecksumEntry> find(const QString &fileName) const;

private:
    QList<ChecksumEntry> m_entries;
    QStringList m_errors;
};

} // namespace Ferry
