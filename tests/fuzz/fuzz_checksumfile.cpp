// libFuzzer target: any bytes as a SHA256SUMS-style file parse without crashing, and every entry
// returned has a digest of its algorithm's length and a name.
#include "util/checksumfile.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto file = Ferry::ChecksumFile::parse(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    for (const Ferry::ChecksumEntry &entry : file.entries()) {
        if (entry.digest.size() != Ferry::hashDigestLength(entry.algorithm) || entry.fileName.isEmpty())
            std::abort();
        file.find(entry.fileName);
    }
    return 0;
}
