#pragma once

#include "steps/archivelimits.h"
#include "task/taskerror.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QString>

#include <sys/types.h>

namespace Ferry {

// What an archive entry may be, decided from its header alone, before anything touches the disk.
// Every "reason" is a short phrase for "refused entry 'NAME': REASON"; empty means allowed.
//
// The rules:
// - paths are relative and never climb: "..", a leading '/', more than maxDepth components or more
//   than maxPathBytes bytes, or a component over 255 bytes are refused; "." and empty components
//   ("./a//b") are dropped;
// - a symlink's target is relative and may climb ("..") only at its start, no higher than the link's
//   own folder. Collapsing "x/.." by text is wrong when x is itself a symlink (the kernel goes to the
//   parent of x's target), so any ".." after a name is refused. Since every folder on an entry's path
//   is a real folder (opened with O_NOFOLLOW), such a link and any chain of them stays inside;
// - hardlinks may only point at a regular file extracted earlier from the same archive (checked on
//   disk by StagingFolder), under the same path rules;
// - devices, FIFOs and sockets are refused; permissions keep rwx bits only (no setuid, setgid or
//   sticky), owners are never applied, and the owner can always read (and enter) what was extracted.
class EntryPolicy
{
public:
    explicit EntryPolicy(const ArchiveLimits &limits) : m_limits(limits) { }

    // The components of an entry's path; an empty list (for "./") means the root itself.
    QString splitPath(const QByteArray &path, QByteArrayList *components) const;
    // `link` is the symlink's own path, already split.
    QString checkSymlinkTarget(const QByteArrayList &link, const QByteArray &target) const;
    // For the AE_IF* file type of an entry that is not a hardlink.
    static QString checkFileType(mode_t type);

    static mode_t filePermissions(mode_t archived) { return (archived & 0777) | 0600; }
    static mode_t folderPermissions(mode_t archived) { return (archived & 0777) | 0700; }

    // "refused entry 'NAME': REASON", the name elided in the middle when very long.
    static TaskError refusal(const QString &entry, const QString &reason);
    static QString displayName(const QString &entry);

private:
    ArchiveLimits m_limits;
};

} // namespace Ferry
