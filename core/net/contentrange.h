#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace Ferry {

// "Content-Range: bytes first-last/total" (RFC 9110 14.4). total is -1 for "/*".
// An unsatisfied range ("bytes */total") parses with first == last == -1.
struct ContentRange
{
    qint64 first = -1;
    qint64 last = -1;
    qint64 total = -1;

    bool isUnsatisfied() const { return first < 0; }
    qint64 length() const { return isUnsatisfied() ? 0 : last - first + 1; }

    // nullopt for anything malformed: another unit, missing parts, signs, overflow, last < first,
    // last >= total.
    static std::optional<ContentRange> parse(QByteArrayView value);
};

// The validators that let us resume safely (RFC 9110 8.8).
struct Validators
{
    QByteArray etag;          // as sent, quotes included, possibly W/ prefixed
    QByteArray lastModified;  // as sent (an HTTP-date)

    bool isStrongEtag() const;  // non-empty, quoted, not W/
    bool canResume() const { return isStrongEtag() || !lastModified.isEmpty(); }
    // The value for If-Range: the strong ETag, else Last-Modified, else empty.
    QByteArray ifRangeValue() const;
    bool operator==(const Validators &o) const { return etag == o.etag && lastModified == o.lastModified; }
    bool operator!=(const Validators &o) const { return !(*this == o); }
};

} // namespace Ferry
