#include "net/filenames.h"

#include <QTextBoundaryFinder>
#include <vector>

using namespace Qt::StringLiterals;

namespace Ferry::FileNames {

namespace {

constexpr int MaxExtensionBytes = 16;

// Compressions that make ".tar.X" one extension, so "a.tar.gz" numbers as "a (1).tar.gz".
constexpr QLatin1StringView TarCompressions[] = { ".gz"_L1, ".bz2"_L1, ".xz"_L1, ".zst"_L1 };

int utf8Bytes(char32_t cp)
{
    if (cp < 0x80)
        return 1;
    if (cp < 0x800)
        return 2;
    if (cp < 0x10000)
        return 3;
    return 4;
}

// Invisible or structure-changing code points: controls (C0, DEL, C1), format characters (bidi
// overrides and isolates, zero-width joiners, BOM), line/paragraph separators and lone surrogates.
// U+FFFD stays: it is visible and tells the user the server sent something undecodable.
bool isUnsafe(char32_t cp)
{
    switch (QChar::category(cp)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

// Stripped at either end: dots would make a hidden file (or "." and ".."), spaces are invisible, and
// unsafe characters at the edges carry nothing worth a '_'.
bool isEdgeJunk(char32_t cp)
{
    return cp == U'.' || QChar::isSpace(cp) || isUnsafe(cp);
}

// UTF-16 to code points; a lone surrogate becomes its own (unsafe) code point.
std::vector<char32_t> codePoints(QStringView s)
{
    std::vector<char32_t> cps;
    cps.reserve(size_t(s.size()));
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c.isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
            cps.push_back(QChar::surrogateToUcs4(c, s[i + 1]));
            ++i;
        } else {
            cps.push_back(c.unicode());
        }
    }
    return cps;
}

// One path component made safe, or empty when nothing meaningful is left.
QString cleanComponent(QStringView component)
{
    const std::vector<char32_t> cps = codePoints(component);
    size_t begin = 0;
    size_t end = cps.size();
    while (begin < end && isEdgeJunk(cps[begin]))
        ++begin;
    while (end > begin && isEdgeJunk(cps[end - 1]))
        --end;

    QString out;
    out.reserve(qsizetype(end - begin));
    for (size_t i = begin; i < end; ++i) {
        const char32_t cp = isUnsafe(cps[i]) ? char32_t(U'_') : cps[i];
        if (QChar::requiresSurrogates(cp)) {
            out.append(QChar(QChar::highSurrogate(cp)));
            out.append(QChar(QChar::lowSurrogate(cp)));
        } else {
            out.append(QChar(char16_t(cp)));
        }
    }
    return out;
}

int utf8Size(QStringView s)
{
    int bytes = 0;
    for (char32_t cp : codePoints(s))
        bytes += utf8Bytes(cp);
    return bytes;
}

bool isLauncher(QStringView name)
{
    return name.endsWith(".desktop"_L1, Qt::CaseInsensitive);
}

// The extension worth keeping through a cut or a number: ".tar.gz" and friends, else the last dot
// suffix when it is short and has no spaces ("Report v2.0 final" has none). Never the whole name.
QStringView extensionOf(QStringView name)
{
    const qsizetype dot = name.lastIndexOf(u'.');
    if (dot <= 0 || dot == name.size() - 1)
        return {};
    const QStringView ext = name.sliced(dot);
    if (utf8Size(ext) > MaxExtensionBytes)
        return {};
    for (QChar c : ext) {
        if (c.isSpace())
            return {};
    }
    for (QLatin1StringView compression : TarCompressions) {
        if (ext.compare(compression, Qt::CaseInsensitive) == 0) {
            const QStringView stem = name.first(dot);
            if (stem.size() > 4 && stem.endsWith(".tar"_L1, Qt::CaseInsensitive))
                return name.sliced(dot - 4);
        }
    }
    return ext;
}

// The longest prefix of `s` within `maxBytes` of UTF-8, cut at a grapheme boundary so an accent or an
// emoji modifier is not torn from its base; a code point boundary when one grapheme is too long.
// Never splits a surrogate pair.
QString cutToBytes(QStringView s, int maxBytes)
{
    qsizetype pos = 0;
    int bytes = 0;
    while (pos < s.size()) {
        const bool pair = s[pos].isHighSurrogate() && pos + 1 < s.size() && s[pos + 1].isLowSurrogate();
        const char32_t cp = pair ? QChar::surrogateToUcs4(s[pos], s[pos + 1]) : char32_t(s[pos].unicode());
        if (bytes + utf8Bytes(cp) > maxBytes)
            break;
        bytes += utf8Bytes(cp);
        pos += pair ? 2 : 1;
    }
    if (pos == s.size())
        return s.toString();

    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, s.toString());
    graphemes.setPosition(pos);
    qsizetype boundary = pos;
    if (!graphemes.isAtBoundary())
        boundary = graphemes.toPreviousBoundary();
    if (boundary <= 0)
        boundary = pos;
    if (boundary > 0 && boundary < s.size() && s[boundary].isLowSurrogate()
        && s[boundary - 1].isHighSurrogate()) {
        --boundary;
    }
    return s.first(boundary).toString();
}

QString trimmedEnd(QString s)
{
    qsizetype end = s.size();
    while (end > 0 && (s[end - 1] == u'.' || s[end - 1].isSpace()))
        --end;
    s.truncate(end);
    return s;
}

// `name` (already clean) within maxBytes, keeping a short extension; empty when no sensible cut exists.
QString capped(const QString &name, int maxBytes)
{
    if (utf8Size(name) <= maxBytes)
        return name;
    const QStringView ext = extensionOf(name);
    const int stemBudget = maxBytes - utf8Size(ext);
    if (stemBudget < 1)
        return {};
    const QString stem
        = trimmedEnd(cutToBytes(QStringView(name).first(name.size() - ext.size()), stemBudget));
    if (stem.isEmpty())
        return {};
    return stem + ext.toString();
}

QString cappedFallback(const QString &fallback, int maxBytes)
{
    const QString cut = trimmedEnd(cutToBytes(fallback, maxBytes));
    return cut.isEmpty() ? u"_"_s : cut;
}

} // namespace

QString fromUrl(const QUrl &url)
{
    // Split the still-encoded path so "%2F" inside a segment survives the split, then decode the last
    // segment once: the sanitiser sees the '/' and keeps what follows, like any other separator.
    const QString path = url.path(QUrl::FullyEncoded);
    const QString segment = path.sliced(path.lastIndexOf(u'/') + 1);
    return QUrl::fromPercentEncoding(segment.toLatin1());
}

QString sanitize(const QString &proposed, const QString &fallback, int maxBytes)
{
    maxBytes = qMax(maxBytes, 1);

    // The last component with something meaningful in it: "../../etc/passwd" gives "passwd",
    // "C:\\x" gives "x", and "dir/.." gives "dir" rather than nothing.
    QString name;
    qsizetype end = proposed.size();
    while (name.isEmpty() && end >= 0) {
        qsizetype begin = end - 1;
        while (begin >= 0 && proposed[begin] != u'/' && proposed[begin] != u'\\')
            --begin;
        name = cleanComponent(QStringView(proposed).sliced(begin + 1, end - begin - 1));
        end = begin;
    }
    if (name.isEmpty())
        return cappedFallback(fallback, maxBytes);

    // A file manager runs a .desktop file on a double click, whatever its executable bit says.
    if (isLauncher(name))
        name += ".download"_L1;

    name = capped(name, maxBytes);
    // A cut can, in contrived cases, land on ".desktop" again; the fallback is boring but safe.
    if (name.isEmpty() || isLauncher(name))
        return cappedFallback(fallback, maxBytes);
    return name;
}

QString numbered(const QString &name, int n, int maxBytes)
{
    maxBytes = qMax(maxBytes, 1);
    if (n <= 0) {
        // Identity for a name sanitize() produced within the same limit; anything else gets the same
        // treatment sanitize() gives, guards included.
        return utf8Size(name) <= maxBytes ? name : sanitize(name, u"download"_s, maxBytes);
    }

    const QString number = u" ("_s + QString::number(n) + u')';
    const QStringView ext = extensionOf(name);
    const QStringView stem = QStringView(name).first(name.size() - ext.size());
    const int stemBudget = maxBytes - int(number.size()) - utf8Size(ext);
    if (stemBudget >= 1) {
        const QString cut = trimmedEnd(cutToBytes(stem, stemBudget));
        if (!cut.isEmpty())
            return cut + number + ext.toString();
    }
    // No room for any of the stem (only with absurdly small limits): the number alone still gives a
    // distinct name for each n.
    const QString bare = number.sliced(1);
    if (utf8Size(bare) + utf8Size(ext) <= maxBytes)
        return bare + ext.toString();
    return bare.first(qMin<qsizetype>(bare.size(), maxBytes));
}

} // namespace Ferry::FileNames
