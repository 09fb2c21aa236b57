// libFuzzer target: a Content-Range the parser accepts must describe a possible range.
#include "net/contentrange.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto range = Ferry::ContentRange::parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!range)
        return 0;
    if (!range->isUnsatisfied()
        && (range->first < 0 || range->last < range->first || (range->total >= 0 && range->last >= range->total)))
        std::abort();
    if (range->isUnsatisfied() && range->total < 0)
        std::abort();
    return 0;
}
