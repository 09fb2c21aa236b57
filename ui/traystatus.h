#pragma once

#include <QCoreApplication>
#include <QLocale>
#include <QString>

namespace Ferry {

class TaskTableModel;

// What the tray shows, as a value computed from the queue model: the counts, the total speed and how
// far the unfinished downloads are. Kept apart from the widget so it is tested without a tray.
struct TrayStatus
{
    Q_DECLARE_TR_FUNCTIONS(TrayStatus)

public:
    int active = 0;
    int queued = 0;
    int finished = 0;
    int failed = 0;
    qint64 speed = 0;     // bytes/s of the running downloads
    int downloads = 0;    // unfinished downloads
    qint64 done = 0;      // bytes of the unfinished downloads whose size is known...
    qint64 total = 0;     // ...and their sizes

    static TrayStatus of(const TaskTableModel &model);

    // 0..100 (rounded down, so 100 means done), or -1 when no unfinished download has a known size.
    int percent() const;
    // Several lines: the counts, the speed while anything runs, the progress of the downloads.
    QString toolTip(const QLocale &locale = {}) const;

    friend bool operator==(const TrayStatus &a, const TrayStatus &b)
    {
        return a.active == b.active && a.queued == b.queued && a.finished == b.finished && a.failed == b.failed
            && a.speed == b.speed && a.downloads == b.downloads && a.done == b.done && a.total == b.total;
    }
    friend bool operator!=(const TrayStatus &a, const TrayStatus &b) { return !(a == b); }
};

} // namespace Ferry
