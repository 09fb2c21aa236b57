#include "util/residentmemory.h"

#include <QFile>

namespace Ferry {

qint64 residentMemoryBytes()
{
    // /proc/self/status has "VmRSS:    123456 kB" on Linux; elsewhere the file does not exist.
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:")) {
            bool ok = false;
            const qint64 kib = line.mid(6).trimmed().split(' ').value(0).toLongLong(&ok);
            return ok ? kib * 1024 : -1;
        }
    }
    return -1;
}

} // namespace Ferry
