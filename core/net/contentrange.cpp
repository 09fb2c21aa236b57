#include "contentrange.h"

#include <limits>

namespace Ferry {

namespace {

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A tiny cursor over the header value. Every read either consumes what it expects or fails, so the
// parser below reads like the grammar.
class Cursor
{
public:
    explicit Cursor(QByteArrayView text)
        : m_text(text)
    { }

    bool atEnd() const { return m_pos >= m_text.size(); }
    void skipOws()
    {
        while (!atEnd() && isOws(m_text.at(m_pos)))
            ++m_pos;
    }
    bool consume(char c)
    {
        if (atEnd() || m_text.at(m_pos) != c)
            return false;
        ++m_pos;
        return true;
    }
    bool consumeUnit()
    {
        // The range unit is a case-insensitive token (RFC 9110 14.1).
        static constexpr QByteArrayView unit = "bytes";
        if (m_text.size() - m_pos < unit.size())
            return false;
        for (qsizetype i = 0; i < unit.size(); ++i) {
            char c = m_text.at(m_pos + i);
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
            if (c != unit.at(i))
                return false;
        }
        m_pos += unit.size();
        return true;
    }
    // 1*DIGIT into a non-negative qint64. No sign is accepted: '+' and '-' are not digits.
    std::optional<qint64> number()
    {
        if (atEnd() || !isDigit(m_text.at(m_pos)))
            return std::nullopt;
        constexpr qint64 max = std::numeric_limits<qint64>::max();
        qint64 value = 0;
        while (!atEnd() && isDigit(m_text.at(m_pos))) {
            const int digit = m_text.at(m_pos) - '0';
            if (value > (max - digit) / 10)
                return std::nullopt; // would overflow: no file is that large, the header is bogus
            value = value * 10 + digit;
            ++m_pos;
        }
        return value;
    }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

} // namespace

std::optional<ContentRange> ContentRange::parse(QByteArrayView value)
{
    // Content-Range = range-unit SP ( range-resp / unsatisfied-range )
    // Whitespace around the value and around '-' and '/' is tolerated; nothing else is.
    Cursor in(value);
    in.skipOws();
    if (!in.consumeUnit())
        return std::nullopt;
    if (in.atEnd() || !(in.consume(' ') || in.consume('\t')))
        return std::nullopt; // "bytesX" or "bytes" alone
    in.skipOws();

    ContentRange range;
    if (in.consume('*')) {
        in.skipOws();
        if (!in.consume('/'))
            return std::nullopt;
        in.skipOws();
        const auto total = in.number(); // "*/*" is meaningless
        if (!total)
            return std::nullopt;
        range.total = *total;
    } else {
        const auto first = in.number();
        if (!first)
            return std::nullopt;
        in.skipOws();
        if (!in.consume('-'))
            return std::nullopt;
        in.skipOws();
        const auto last = in.number();
        if (!last || *last < *first)
            return std::nullopt;
        in.skipOws();
        if (!in.consume('/'))
            return std::nullopt;
        in.skipOws();
        if (!in.consume('*')) {
            const auto total = in.number();
            if (!total || *last >= *total)
                return std::nullopt;
            range.total = *total;
        }
        range.first = *first;
        range.last = *last;
    }
    in.skipOws();
    if (!in.atEnd())
        return std::nullopt;
    return range;
}

bool Validators::isStrongEtag() const
{
    // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc excludes DQUOTE, space and controls.
    if (etag.size() < 2 || !etag.startsWith('"') || !etag.endsWith('"'))
        return false;
    for (qsizetype i = 1; i < etag.size() - 1; ++i) {
        const auto c = static_cast<unsigned char>(etag.at(i));
        if (c == '"' || c <= 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

QByteArray Validators::ifRangeValue() const
{
    // A weak ETag must never be sent in If-Range (RFC 9110 13.1.5): fall back to the date.
    if (isStrongEtag())
        return etag;
    return lastModified;
}

} // namespace Ferry
