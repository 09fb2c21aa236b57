// libFuzzer target: any bytes as a pasted or imported URL list parse without crashing; every entry
// is either an accepted http(s) URL or kept verbatim as rejected, never lost.
#include "net/downloadtypes.h"
#include "util/urllist.h"

#include <QRegularExpression>

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QStringList lines = text.split(u'\n');
    const Ferry::ParsedUrls parsed = Ferry::parseUrlLines(lines);
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    qsizetype entries = 0;
    for (const QString &line : lines) {
        if (!line.trimmed().startsWith(u'#'))
            entries += line.split(whitespace, Qt::SkipEmptyParts).size();
    }
    if (parsed.urls.size() + parsed.rejected.size() != entries)
        std::abort();  // an entry was dropped or invented
    for (const QUrl &url : parsed.urls) {
        if (!Ferry::isDownloadableUrl(url))
            std::abort();
    }
    for (int line : parsed.rejectedLines) {
        if (line < 0 || line >= lines.size())
            std::abort();
    }
    return 0;
}
