#include "suitekit.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

DownloadOptions quickOptions()
{
    DownloadOptions o;
    o.retry.baseDelay = std::chrono::milliseconds(10);
    o.retry.maxDelay = std::chrono::milliseconds(100);
    o.retry.maxRetries = 4;
    o.stallTimeout = std::chrono::milliseconds(600);
    o.minSegmentSize = 64 << 10;
    o.checkpointInterval = std::chrono::milliseconds(20);
    return o;
}

QStringList treeSnapshot(const QString &root)
{
    QStringList lines;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        struct stat st;
        if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
            continue;
        const bool folder = S_ISDIR(st.st_mode);
        // Concatenated, not arg()-chained: a name may hold "%2".
        QString line = QDir(root).relativeFilePath(path) + u" mode="_s + QString::number(st.st_mode, 8)
                       + u" size="_s + QString::number(folder ? 0 : qint64(st.st_size)) + u" mtime="_s
                       + QString::number(folder ? 0 : qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
        if (S_ISLNK(st.st_mode)) {
            QByteArray target(4096, '\0');
            const ssize_t n = ::readlink(QFile::encodeName(path).constData(), target.data(), size_t(target.size()));
            line += u" -> "_s + QString::fromLocal8Bit(target.left(qMax<ssize_t>(n, 0)));
        }
        lines.append(line);
    }
    lines.sort();
    return lines;
}

QString treeDifference(const QStringList &before, const QStringList &after)
{
    QStringList out;
    for (const QString &line : after)
        if (!before.contains(line))
            out << u"+ "_s + line;
    for (const QString &line : before)
        if (!after.contains(line))
            out << u"- "_s + line;
    return out.join(u'\n');
}

} // namespace Ferry::Test
