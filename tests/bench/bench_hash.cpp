// Hashes a file with Ferry's Hasher (OpenSSL EVP SHA-256) in 1 MiB pread chunks, the way StreamHasher
// reads, and prints "ferry-sha256 <seconds> <MB/s>" plus the hex digest on stderr. With --qt it also
// times QCryptographicHash over the same reads, for reference.
//
//   bench_hash [--qt] FILE
//
// Run it twice and look at the second run if the file is not in the page cache yet.

#include "util/hasher.h"

#include <QCryptographicHash>
#include <QElapsedTimer>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace {

constexpr size_t Chunk = 1024 * 1024;

// Calls add(data, size) for each chunk of the file; false on a read error.
template<typename Add>
bool readFile(int fd, Add add, qint64 &total)
{
    std::vector<char> buffer(Chunk);
    total = 0;
    while (true) {
        const ssize_t n = ::pread(fd, buffer.data(), buffer.size(), off_t(total));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        if (n == 0)
            return true;
        add(buffer.data(), n);
        total += n;
    }
}

void report(const char *label, qint64 bytes, qint64 nanoseconds, const QByteArray &digest)
{
    const double seconds = double(nanoseconds) / 1e9;
    const double mbPerSecond = seconds > 0 ? double(bytes) / 1e6 / seconds : 0.0;
    std::printf("%s %.3f %.1f\n", label, seconds, mbPerSecond);
    std::fprintf(stderr, "%s digest %s (%lld bytes)\n", label, digest.toHex().constData(),
                 static_cast<long long>(bytes));
}

} // namespace

int main(int argc, char **argv)
{
    bool qt = false;
    const char *path = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--qt") == 0)
            qt = true;
        else
            path = argv[i];
    }
    if (!path) {
        std::fprintf(stderr, "usage: %s [--qt] FILE\n", argv[0]);
        return 2;
    }
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        std::fprintf(stderr, "%s: %s\n", path, std::strerror(errno));
        return 1;
    }

    QElapsedTimer timer;
    qint64 total = 0;

    Ferry::Hasher hasher(Ferry::HashAlgorithm::Sha256);
    timer.start();
    if (!readFile(fd, [&](const char *data, qsizetype size) { hasher.addData(QByteArrayView(data, size)); },
                  total)) {
        std::fprintf(stderr, "%s: %s\n", path, std::strerror(errno));
        return 1;
    }
    const QByteArray ferryDigest = hasher.result();
    report("ferry-sha256", total, timer.nsecsElapsed(), ferryDigest);

    if (qt) {
        QCryptographicHash reference(QCryptographicHash::Sha256);
        timer.start();
        if (!readFile(fd, [&](const char *data, qsizetype size) { reference.addData(QByteArrayView(data, size)); },
                      total)) {
            std::fprintf(stderr, "%s: %s\n", path, std::strerror(errno));
            return 1;
        }
        const QByteArray qtDigest = reference.result();
        report("qt-sha256", total, timer.nsecsElapsed(), qtDigest);
        if (qtDigest != ferryDigest) {
            std::fprintf(stderr, "digests differ\n");
            return 1;
        }
    }
    ::close(fd);
    return 0;
}
