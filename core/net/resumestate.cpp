#include "resumestate.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>

namespace Ferry {

namespace {

constexpr int kVersion = 1;
constexpr qint64 kMaxSidecarSize = 1 << 20;

// JSON numbers are doubles: exact up to 2^53 bytes (8 PiB), plenty for a file size.
qint64 toInt64(const QJsonValue &v, qint64 fallback)
{
    return v.isDouble() ? qint64(v.toDouble()) : fallback;
}

} // namespace

qint64 ResumeState::bytesDone() const
{
    qint64 sum = 0;
    for (const Range &r : ranges)
        sum += r.done;
    return sum;
}

qint64 ResumeState::contiguousPrefix() const
{
    QList<Range> sorted = ranges;
    std::sort(sorted.begin(), sorted.end(), [](const Range &a, const Range &b) { return a.start < b.start; });
    qint64 end = 0;
    for (const Range &r : sorted) {
        if (r.start > end)
            break;
        end = std::max(end, r.position());
        if (!r.isComplete())
            break;
    }
    return end;
}

QByteArray ResumeState::toJson() const
{
    QJsonArray rangeArray;
    for (const Range &r : ranges)
        rangeArray.append(QJsonArray{ double(r.start), double(r.end), double(r.done) });
    const QJsonObject o{
        { QStringLiteral("version"), kVersion },
        { QStringLiteral("url"), url.toString(QUrl::FullyEncoded) },
        { QStringLiteral("finalUrl"), finalUrl.toString(QUrl::FullyEncoded) },
        { QStringLiteral("etag"), QString::fromLatin1(validators.etag) },
        { QStringLiteral("lastModified"), QString::fromLatin1(validators.lastModified) },
        { QStringLiteral("total"), double(total) },
        { QStringLiteral("fileName"), fileName },
        { QStringLiteral("ranges"), rangeArray },
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

std::optional<ResumeState> ResumeState::fromJson(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("version")).toInt() != kVersion)
        return std::nullopt;

    ResumeState s;
    s.url = QUrl(o.value(QStringLiteral("url")).toString(), QUrl::StrictMode);
    s.finalUrl = QUrl(o.value(QStringLiteral("finalUrl")).toString(), QUrl::StrictMode);
    s.validators.etag = o.value(QStringLiteral("etag")).toString().toLatin1();
    s.validators.lastModified = o.value(QStringLiteral("lastModified")).toString().toLatin1();
    s.total = toInt64(o.value(QStringLiteral("total")), -1);
    s.fileName = o.value(QStringLiteral("fileName")).toString();
    if (!s.url.isValid() || !s.finalUrl.isValid() || s.total < -1)
        return std::nullopt;

    const QJsonArray rangeArray = o.value(QStringLiteral("ranges")).toArray();
    for (const QJsonValue &v : rangeArray) {
        const QJsonArray a = v.toArray();
        if (a.size() != 3)
            return std::nullopt;
        Range r{ toInt64(a[0], -1), toInt64(a[1], -2), toInt64(a[2], -1) };
        // A state that claims impossible bytes is not trusted at all.
        if (r.start < 0 || r.done < 0 || r.end < -1 || (r.end >= 0 && r.position() > r.end)
            || (s.total >= 0 && (r.end < 0 || r.end > s.total)))
            return std::nullopt;
        s.ranges.append(r);
    }
    return s;
}

TaskError ResumeState::save(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit()) {
        const auto code = file.error() == QFileDevice::PermissionsError ? TaskError::Code::Permission
                                                                        : TaskError::Code::FileSystem;
        return { code, QStringLiteral("Cannot save the resume state %1").arg(path), file.errorString() };
    }
    return {};
}

std::optional<ResumeState> ResumeState::load(const QString &path)
{
    const QFileInfo info(path);
    if (info.isSymLink() || !info.isFile() || info.size() > kMaxSidecarSize)
        return std::nullopt;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return fromJson(file.read(kMaxSidecarSize));
}

} // namespace Ferry
