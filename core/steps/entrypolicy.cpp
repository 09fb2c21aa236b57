#include "steps/entrypolicy.h"

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int MaxNameBytes = 255;  // NAME_MAX on every Linux file system we write to
constexpr qsizetype MaxDisplayChars = 160;

} // namespace

QString EntryPolicy::splitPath(const QByteArray &path, QByteArrayList *components) const
{
    components->clear();
    if (path.isEmpty())
        return u"the entry has no name"_s;
    if (path.startsWith('/'))
        return u"absolute path"_s;
    if (m_limits.maxPathBytes > 0 && path.size() > m_limits.maxPathBytes)
        return u"path is longer than %1 bytes"_s.arg(m_limits.maxPathBytes);
    qsizetype start = 0;
    while (start <= path.size()) {
        qsizetype end = path.indexOf('/', start);
        if (end < 0)
            end = path.size();
        const QByteArray part = path.mid(start, end - start);
        start = end + 1;
        if (part.isEmpty() || part == ".")
            continue;
        if (part == "..")
            return u"path leaves the folder"_s;
        if (part.size() > MaxNameBytes)
            return u"a name in the path is longer than %1 bytes"_s.arg(MaxNameBytes);
        components->append(part);
        if (m_limits.maxDepth > 0 && components->size() > m_limits.maxDepth)
            return u"path is deeper than %1 folders"_s.arg(m_limits.maxDepth);
    }
    return {};
}

QString EntryPolicy::checkSymlinkTarget(const QByteArrayList &link, const QByteArray &target) const
{
    if (target.isEmpty())
        return u"symlink has no target"_s;
    const QString shown = QString::fromUtf8(target.left(MaxDisplayChars));
    if (target.startsWith('/'))
        return u"symlink to an absolute path ('%1')"_s.arg(shown);
    if (m_limits.maxPathBytes > 0 && target.size() > m_limits.maxPathBytes)
        return u"symlink target is longer than %1 bytes"_s.arg(m_limits.maxPathBytes);
    const qsizetype folderDepth = link.size() - 1;
    qsizetype climbs = 0;
    bool descended = false;
    for (const QByteArray &part : target.split('/')) {
        if (part.isEmpty() || part == ".")
            continue;
        if (part != "..") {
            descended = true;
            continue;
        }
        if (descended)
            return u"symlink target climbs back after a name ('%1')"_s.arg(shown);
        if (++climbs > folderDepth)
            return u"symlink points outside the folder ('%1')"_s.arg(shown);
    }
    return {};
}

QString EntryPolicy::checkFileType(mode_t type)
{
    switch (type) {
    case S_IFREG:
    case S_IFDIR:
    case S_IFLNK:
        return {};
    case S_IFCHR:
    case S_IFBLK:
        return u"device nodes are not extracted"_s;
    case S_IFIFO:
        return u"FIFOs are not extracted"_s;
    case S_IFSOCK:
        return u"sockets are not extracted"_s;
    default:
        return u"unknown entry type"_s;
    }
}

QString EntryPolicy::displayName(const QString &entry)
{
    if (entry.size() <= MaxDisplayChars)
        return entry;
    const qsizetype half = MaxDisplayChars / 2;
    return entry.left(half) + u"…" + entry.right(half);
}

TaskError EntryPolicy::refusal(const QString &entry, const QString &reason)
{
    return { TaskError::Code::InvalidInput, u"refused entry '%1': %2"_s.arg(displayName(entry), reason),
             u"the archive is unsafe or broken; nothing was extracted"_s };
}

} // namespace Ferry
