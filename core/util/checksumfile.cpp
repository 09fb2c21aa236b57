#include "checksumfile.h"

#include <QFile>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr qint64 maxFileSize = 16 * 1024 * 1024; // a checksum list, not the ISO it describes

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedRight(QByteArrayView s)
{
    while (!s.isEmpty() && isBlank(s.back()))
        s.chop(1);
    return s;
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && isBlank(s.front()))
        s = s.sliced(1);
    return trimmedRight(s);
}


QString baseName(const QString &path)
{
    const qsizetype slash = std::max(path.lastIndexOf(u'/'), path.lastIndexOf(u'\\'));
    return path.mid(slash + 1);
}

// One line's worth of parsing; the first error wins and is reported with the line number.
struct LineParser
{
    std::optional<HashAlgorithm> expected;
    QString error;

    std::optional<ChecksumEntry> parse(QByteArrayView line)
    {
        // GNU escaping: the '\' comes before everything else and applies to the name.
        const bool escaped = line.startsWith('\\');
        if (escaped)
            line = line.sliced(1);

        qsizetype hexEnd = 0;
        while (hexEnd < line.size() && isHexDigit(line.at(hexEnd)))
            ++hexEnd;
        if (hexEnd > 0 && hexEnd < line.size() && isBlank(line.at(hexEnd)))
            return parseGnu(line.first(hexEnd), line.sliced(hexEnd + 1), escaped);
        return parseBsd(line, escaped);
    }

    // "<hex> <mode><name>" where mode is ' ' (text) or '*' (binary); a lone separator is accepted too.
    std::optional<ChecksumEntry> parseGnu(QByteArrayView hex, QByteArrayView rest, bool escaped)
    {
        if (!rest.isEmpty() && (rest.front() == ' ' || rest.front() == '*'))
            rest = rest.sliced(1);
        return makeEntry(std::nullopt, hex, rest, escaped);
    }

    // "<TAG> (<name>) = <hex>". The name may itself contain ") = ", so the digest is taken from
    // the end.
    std::optional<ChecksumEntry> parseBsd(QByteArrayView line, bool escaped)
    {
        const qsizetype open = line.indexOf('(');
        const qsizetype equals = line.lastIndexOf('=');
        if (open <= 0 || equals < open)
            return fail(u"not a checksum line"_s);
        const QByteArrayView tag = trimmed(line.first(open));
        const QByteArrayView beforeEquals = trimmedRight(line.first(equals)); // keeps `open` valid
        if (tag.isEmpty() || !beforeEquals.endsWith(')') || beforeEquals.size() - 1 <= open)
            return fail(u"not a checksum line"_s);
        const auto algorithm = hashAlgorithmFromName(QString::fromLatin1(tag));
        if (!algorithm)
            return fail(u"unknown algorithm \"%1\""_s.arg(QString::fromLatin1(tag)));
        const QByteArrayView name = beforeEquals.sliced(open + 1, beforeEquals.size() - open - 2);
        return makeEntry(algorithm, trimmed(line.sliced(equals + 1)), name, escaped);
    }

    std::optional<ChecksumEntry> makeEntry(
        std::optional<HashAlgorithm> tagged, QByteArrayView hex, QByteArrayView rawName, bool escaped)
    {
        if (hex.isEmpty() || !std::all_of(hex.begin(), hex.end(), isHexDigit))
            return fail(u"the digest is not hexadecimal"_s);
        if (tagged && expected && *tagged != *expected) {
            return fail(u"%1 digest where %2 was expected"_s.arg(
                hashAlgorithmName(*tagged), hashAlgorithmName(*expected)));
        }
        const auto algorithm = tagged ? tagged : expected ? expected : hashAlgorithmForHexLength(hex.size());
        if (!algorithm)
            return fail(u"a digest of %1 hex digits matches no known algorithm"_s.arg(hex.size()));
        if (hex.size() != 2 * hashDigestLength(*algorithm)) {
            return fail(u"a %1 digest has %2 hex digits, not %3"_s.arg(hashAlgorithmName(*algorithm))
                            .arg(2 * hashDigestLength(*algorithm))
                            .arg(hex.size()));
        }
        const auto name = escaped ? unescape(rawName) : std::optional<QByteArray>(rawName.toByteArray());
        if (!name)
            return std::nullopt;
        if (name->isEmpty())
            return fail(u"no file name"_s);

        ChecksumEntry entry;
        entry.fileName = QString::fromUtf8(*name);
        if (entry.fileName.isEmpty())  // QString::fromUtf8 drops a leading BOM: a name of only that
            return fail(u"no file name"_s);
        entry.algorithm = *algorithm;
        entry.digest = QByteArray::fromHex(hex.toByteArray());
        return entry;
    }

    // coreutils escapes '\' as "\\", newline as "\n" and carriage return as "\r"; nothing else.
    std::optional<QByteArray> unescape(QByteArrayView name)
    {
        QByteArray out;
        out.reserve(name.size());
        for (qsizetype i = 0; i < name.size(); ++i) {
            if (name.at(i) != '\\') {
                out.append(name.at(i));
                continue;
            }
            if (++i == name.size())
                return fail(u"the file name ends in a lone backslash"_s);
            switch (name.at(i)) {
            case '\\':
                out.append('\\');
                break;
            case 'n':
                out.append('\n');
                break;
            case 'r':
                out.append('\r');
                break;
            default:
                return fail(u"unknown escape \"\\%1\" in the file name"_s.arg(QLatin1Char(name.at(i))));
            }
        }
        return out;
    }

    std::nullopt_t fail(const QString &message)
    {
        if (error.isEmpty())
            error = message;
        return std::nullopt;
    }
};

} // namespace

ChecksumFile ChecksumFile::parse(QByteArrayView content, std::optional<HashAlgorithm> algorithm)
{
    if (content.startsWith("\xEF\xBB\xBF")) // a UTF-8 BOM from a Windows editor
        content = content.sliced(3);

    ChecksumFile file;
    int lineNumber = 0;
    while (!content.isEmpty()) {
        ++lineNumber;
        const qsizetype newline = content.indexOf('\n');
        QByteArrayView line = newline < 0 ? content : content.first(newline);
        content = newline < 0 ? QByteArrayView() : content.sliced(newline + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        // Leading blanks are skipped like sha256sum -c does; trailing ones may belong to the name.
        while (!line.isEmpty() && isBlank(line.front()))
            line = line.sliced(1);
        if (line.isEmpty() || line.startsWith('#'))
            continue;

        LineParser parser { algorithm, {} };
        if (auto entry = parser.parse(line))
            file.m_entries.append(std::move(*entry));
        else
            file.m_errors.append(u"line %1: %2"_s.arg(lineNumber).arg(parser.error));
    }
    return file;
}

std::optional<ChecksumFile> ChecksumFile::load(
    const QString &path, QString *error, std::optional<HashAlgorithm> algorithm)
{
    auto setError = [error](const QString &message) {
        if (error)
            *error = message;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setError(u"cannot read %1: %2"_s.arg(path, file.errorString()));
        return std::nullopt;
    }
    // read() with a cap rather than trusting size(): a pipe or /proc file reports 0.
    const QByteArray content = file.read(maxFileSize + 1);
    if (content.size() > maxFileSize) {
        setError(u"%1 is too large to be a checksum file"_s.arg(path));
        return std::nullopt;
    }
    if (file.error() != QFileDevice::NoError) {
        setError(u"cannot read %1: %2"_s.arg(path, file.errorString()));
        return std::nullopt;
    }
    ChecksumFile parsed = parse(content, algorithm);
    if (parsed.m_entries.isEmpty()) {
        QString message = u"no checksums found in %1"_s.arg(path);
        if (!parsed.m_errors.isEmpty())
            message += u" (" + parsed.m_errors.constFirst() + u')';
        setError(message);
        return std::nullopt;
    }
    return parsed;
}

std::optional<ChecksumEntry> ChecksumFile::find(const QString &fileName) const
{
    // Matches must agree: two different digests for one name is no answer at all.
    auto unanimous = [](const QList<const ChecksumEntry *> &matches) -> std::optional<ChecksumEntry> {
        if (matches.isEmpty())
            return std::nullopt;
        for (const ChecksumEntry *m : matches) {
            if (m->algorithm != matches.front()->algorithm || m->digest != matches.front()->digest)
                return std::nullopt;
        }
        return *matches.front();
    };

    QList<const ChecksumEntry *> exact;
    for (const auto &entry : m_entries) {
        if (entry.fileName == fileName)
            exact.append(&entry);
    }
    if (!exact.isEmpty())
        return unanimous(exact);

    const QString wanted = baseName(fileName);
    if (wanted.isEmpty())
        return std::nullopt;
    QList<const ChecksumEntry *> byBaseName;
    for (const auto &entry : m_entries) {
        if (baseName(entry.fileName) == wanted)
            byBaseName.append(&entry);
    }
    return unanimous(byBaseName);
}

} // namespace Ferry
