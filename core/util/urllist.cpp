#include "util/urllist.h"

#include "net/downloadtypes.h"

#include <QRegularExpression>

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

} // namespace Ferry
