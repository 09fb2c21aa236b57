// libFuzzer target: any bytes as a Content-Disposition value must parse without crashing, and the name
// it yields must come out of the sanitiser as one safe path component.
#include "net/contentdisposition.h"
#include "net/filenames.h"

#include "fuzzcheck.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto cd = Ferry::ContentDisposition::parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    Ferry::Fuzz::checkSafeName(Ferry::FileNames::sanitize(cd.fileName));
    return 0;
}
