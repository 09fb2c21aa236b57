#include "net/contentdisposition.h"

#include <QStringDecoder>

namespace Ferry {

// Lenient like browsers, but every step is bounded by the view's size: this runs on whatever bytes a
// server sends and is fuzzed.
namespace {

bool isLws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

QByteArrayView trimmed(QByteArrayView v)
{
    qsizetype begin = 0;
    qsizetype end = v.size();
    while (begin < end && isLws(v[begin]))
        ++begin;
    while (end > begin && isLws(v[end - 1]))
        --end;
    return v.sliced(begin, end - begin);
}

// RFC 9110 tchar.
bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// Strict UTF-8: returns false (and leaves *out alone) on any invalid or overlong sequence. A leading
// BOM is kept as U+FEFF so the sanitiser, not the decoder, decides about it.
bool decodeUtf8(QByteArrayView bytes, QString *out)
{
    QStringDecoder decoder(
        QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return false;
    *out = std::move(text);
    return true;
}

// Raw bytes of a plain filename parameter: modern servers send UTF-8, old ones Latin-1.
QString decodeLegacy(QByteArrayView bytes)
{
    QString text;
    if (decodeUtf8(bytes, &text))
        return text;
    return QString::fromLatin1(bytes.data(), bytes.size());
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// A '%' not followed by two hex digits stays literal, like browsers do.
QByteArray percentDecoded(QByteArrayView v)
{
    QByteArray out;
    out.reserve(v.size());
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size()) {
            const int hi = hexValue(v[i + 1]);
            const int lo = hexValue(v[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.append(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.append(v[i]);
    }
    return out;
}

// RFC 8187 ext-value: charset "'" [ language ] "'" value-chars. Returns false for anything we cannot
// decode faithfully (unknown charset, invalid UTF-8, malformed), so the caller falls back to filename.
bool decodeExtValue(QByteArrayView value, QString *out)
{
    const qsizetype firstQuote = value.indexOf('\'');
    if (firstQuote < 0)
        return false;
    const qsizetype secondQuote = value.sliced(firstQuote + 1).indexOf('\'');
    if (secondQuote < 0)
        return false;
    const QByteArrayView charset = trimmed(value.first(firstQuote));
    const QByteArray bytes = percentDecoded(value.sliced(firstQuote + 1 + secondQuote + 1));

    if (equalsIgnoringCase(charset, "utf-8") || equalsIgnoringCase(charset, "utf8"))
        return decodeUtf8(bytes, out);
    if (equalsIgnoringCase(charset, "iso-8859-1") || equalsIgnoringCase(charset, "latin1")) {
        *out = QString::fromLatin1(bytes);
        return true;
    }
    if (equalsIgnoringCase(charset, "us-ascii")) {
        for (char c : bytes) {
            if (static_cast<unsigned char>(c) >= 0x80)
                return false;
        }
        *out = QString::fromLatin1(bytes);
        return true;
    }
    return false;
}

// Reads one parameter value at `pos` (just after '='); leaves `pos` on the ';' ending the parameter
// or at the end. A quoted-string may contain ';' and backslash escapes; with no closing quote the
// value runs to the end of the header (lenient, as browsers are).
QByteArray readValue(QByteArrayView header, qsizetype &pos)
{
    const qsizetype size = header.size();
    while (pos < size && isLws(header[pos]))
        ++pos;

    QByteArray value;
    if (pos < size && header[pos] == '"') {
        ++pos;
        while (pos < size && header[pos] != '"') {
            if (header[pos] == '\\' && pos + 1 < size)
                ++pos;
            value.append(header[pos]);
            ++pos;
        }
        // Anything between the closing quote and the next ';' is junk.
        while (pos < size && header[pos] != ';')
            ++pos;
        return value;
    }

    const qsizetype begin = pos;
    while (pos < size && header[pos] != ';')
        ++pos;
    return trimmed(header.sliced(begin, pos - begin)).toByteArray();
}

} // namespace

ContentDisposition ContentDisposition::parse(QByteArrayView headerValue)
{
    ContentDisposition result;
    const qsizetype size = headerValue.size();
    qsizetype pos = 0;

    // The disposition type. When the first item is not a token (e.g. "filename=x" with no type), it is
    // read again as a parameter, like Chromium does.
    const qsizetype firstSemicolon = headerValue.indexOf(';');
    const qsizetype typeEnd = firstSemicolon < 0 ? size : firstSemicolon;
    const QByteArrayView type = trimmed(headerValue.first(typeEnd));
    if (isToken(type)) {
        result.type = QString::fromLatin1(type.data(), type.size()).toLower();
        pos = typeEnd;
    }

    QString plainName;
    QString extendedName;
    bool havePlain = false;
    bool haveExtended = false;

    while (pos < size) {
        while (pos < size && (headerValue[pos] == ';' || isLws(headerValue[pos])))
            ++pos;
        const qsizetype nameBegin = pos;
        while (pos < size && headerValue[pos] != '=' && headerValue[pos] != ';')
            ++pos;
        if (pos >= size || headerValue[pos] == ';')
            continue; // A parameter without '=' carries nothing.
        const QByteArrayView name = trimmed(headerValue.sliced(nameBegin, pos - nameBegin));
        ++pos; // '='
        const QByteArray value = readValue(headerValue, pos);

        // Duplicates: the first non-empty value wins (Chromium keeps the first as well).
        if (!havePlain && equalsIgnoringCase(name, "filename")) {
            plainName = decodeLegacy(value);
            havePlain = !plainName.isEmpty();
        } else if (!haveExtended && equalsIgnoringCase(name, "filename*")) {
            // Quoting an ext-value is not allowed, but some servers do it and the meaning is clear.
            QString decoded;
            if (decodeExtValue(value, &decoded) && !decoded.isEmpty()) {
                extendedName = std::move(decoded);
                haveExtended = true;
            }
        }
    }

    result.fileName = haveExtended ? extendedName : plainName;
    return result;
}

} // namespace Ferry
