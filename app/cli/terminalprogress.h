#pragma once

#include "net/downloadtypes.h"

#include <QElapsedTimer>
#include <QMap>

#include <cstdio>

namespace Ferry {

// The progress display on a terminal: a line per active download and a total line, redrawn in place
// at most 10 times a second. Renders snapshots; knows nothing of the engine.
class TerminalProgress
{
public:
    explicit TerminalProgress(FILE *out);

    void update(const QList<DownloadSnapshot> &changed);
    // Clears the display, prints one permanent line, and draws the display again below it.
    void printAbove(const QString &line);
    void finish();

private:
    void redraw(bool force);
    void clear();
    QString lineFor(const DownloadSnapshot &s, int width) const;

    FILE *m_out;
    QMap<DownloadId, DownloadSnapshot> m_active;
    qint64 m_doneBytes = 0;  // of finished downloads, for the total line
    int m_finished = 0;  // succeeded
    int m_failed = 0;    // failed or cancelled
    int m_linesShown = 0;
    QElapsedTimer m_sinceDraw;
};

} // namespace Ferry
