#include "util/urllist.h"

#include "net/downloadtypes.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace Ferry {

ParsedUrls parseUrlLines(const QStringList &lines)
{
    // A URL has no spaces (they are sent as %20), so whitespace separates entries too: a pasted
    // "http://a http://b" is two downloads, not one URL with an odd path.
    static const QRegularExpression whitespace(u"\\s+"_s);
    ParsedUrls result;
    for (int line = 0; line < lines.size(); ++line) {
        if (lines.at(line).trimmed().startsWith(u'#'))
            continue;  // a comment, as in wget's and aria2's input files
        for (const QString &text : lines.at(line).split(whitespace, Qt::SkipEmptyParts)) {
            const QUrl url(text, QUrl::TolerantMode);
            if (isDownloadableUrl(url)) {
                result.urls.append(url);
            } else {
                result.rejected.append(text);
                if (result.rejectedLines.isEmpty() || result.rejectedLines.last() != line)
                    result.rejectedLines.append(line);
            }
        }
    }
    return result;
}

UrlListFile readUrlListFile(const QString &path, qint64 maxBytes)
{
    UrlListFile result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = { TaskError::Code::InvalidInput, u"Cannot open %1"_s.arg(path), file.errorString() };
        return result;
    }
    // One byte more than allowed tells "too large" without trusting size() (a pipe, /proc).
    const QByteArray bytes = file.read(maxBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        result.error = { TaskError::Code::FileSystem, u"Cannot read %1"_s.arg(path), file.errorString() };
        return result;
    }
    if (bytes.size() > maxBytes) {
        result.error = { TaskError::Code::InvalidInput,
                         u"%1 is too large for a URL list (more than %2 MiB)"_s.arg(path).arg(maxBytes >> 20) };
        return result;
    }
    if (bytes.contains('\0')) {
        result.error = { TaskError::Code::InvalidInput, u"%1 is not a text file"_s.arg(path) };
        return result;
    }
    result.lines = QString::fromUtf8(bytes).split(u'\n');
    for (QString &line : result.lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    if (!result.lines.isEmpty() && result.lines.last().isEmpty())
        result.lines.removeLast();  // the final newline ends the last line; it starts no new one
    return result;
}

TaskError writeUrlListFile(const QString &path, const QList<QUrl> &urls)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return { TaskError::Code::Permission, u"Cannot write %1"_s.arg(path), file.errorString() };
    QByteArray text;
    for (const QUrl &url : urls)
        text += url.toEncoded(QUrl::FullyEncoded | QUrl::RemovePassword) + '\n';
    if (file.write(text) != text.size() || !file.commit())
        return { TaskError::Code::FileSystem, u"Cannot write %1"_s.arg(path), file.errorString() };
    return {};
}

} // namespace Ferry
