#include "store/storefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Ferry {

TaskError StoreFile::makeFolder(const QString &path)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (QFileInfo(folder).isDir())
        return {};
    if (!QDir().mkpath(folder)) {
        return TaskError(TaskError::Code::FileSystem,
                         u"Cannot create the folder for the task list: %1"_s.arg(folder),
                         u"mkpath failed (a part of the path may be a file, or not writable)"_s);
    }
    return {};
}

QString StoreFile::setAside(const QString &path, const QDateTime &now, TaskError *error)
{
    const QString base = path + u".corrupt-" + now.toString(u"yyyyMMdd-HHmmss"_s);
    QString target = base;
    // The -wal and -shm names must be free too, or a rename below would fail half way.
    const auto taken = [](const QString &name) {
        return QFileInfo::exists(name) || QFileInfo::exists(walPath(name))
            || QFileInfo::exists(shmPath(name));
    };
    for (int n = 2; taken(target); ++n)
        target = base + u'-' + QString::number(n);

    // The main file first: once it is gone the companions can no longer be mistaken for its journal.
    if (QFile::exists(path) && !QFile::rename(path, target)) {
        *error = TaskError(TaskError::Code::FileSystem,
                           u"The task list %1 is damaged and could not be set aside."_s.arg(path),
                           u"rename to %1 failed"_s.arg(target));
        return {};
    }
    for (const auto &[from, to] : { std::pair{ walPath(path), walPath(target) },
                                    std::pair{ shmPath(path), shmPath(target) } }) {
        if (QFile::exists(from) && !QFile::rename(from, to)) {
            *error = TaskError(TaskError::Code::FileSystem,
                               u"The journal of the damaged task list could not be set aside."_s,
                               u"rename %1 to %2 failed"_s.arg(from, to));
            return target;
        }
    }
    *error = {};
    return target;
}

} // namespace Ferry
