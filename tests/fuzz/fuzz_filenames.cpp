// libFuzzer target: any UTF-8 (or not) text as a proposed name or URL path must sanitise to a safe name,
// and numbering it must stay safe.
#include "net/filenames.h"

#include "fuzzcheck.h"

#include <QUrl>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString text = QString::fromUtf8(bytes);
    const QString name = Ferry::FileNames::sanitize(text);
    Ferry::Fuzz::checkSafeName(name);
    Ferry::Fuzz::checkSafeName(Ferry::FileNames::numbered(name, int(size % 1000)));
    const QUrl url(QStringLiteral("http://h/") + text);
    Ferry::Fuzz::checkSafeName(Ferry::FileNames::sanitize(Ferry::FileNames::fromUrl(url)));
    return 0;
}
