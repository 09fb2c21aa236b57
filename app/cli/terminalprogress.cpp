#include "terminalprogress.h"

#include <QLocale>

#include <sys/ioctl.h>
#include <unistd.h>

namespace Ferry {

namespace {

QString size(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

int terminalWidth(FILE *out)
{
    struct winsize ws;
    if (::ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        return ws.ws_col;
    return 80;
}

QString eta(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("--:--");
    if (seconds >= 3600)
        return QStringLiteral("%1h%2m").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60, 2, 10, QLatin1Char('0')).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

TerminalProgress::TerminalProgress(FILE *out) : m_out(out)
{
    m_sinceDraw.start();
}

void TerminalProgress::update(const QList<DownloadSnapshot> &changed)
{
    for (const DownloadSnapshot &s : changed) {
        if (isFinalState(s.state)) {
            if (m_active.remove(s.id)) {
                ++(s.state == DownloadState::Succeeded ? m_finished : m_failed);
                m_doneBytes += s.bytesDone;
            }
        } else if (s.state != DownloadState::Queued) {
            m_active.insert(s.id, s);
        }
    }
    redraw(false);
}

void TerminalProgress::printAbove(const QString &line)
{
    clear();
    std::fprintf(m_out, "%s\n", line.toLocal8Bit().constData());
    redraw(true);
}

void TerminalProgress::finish()
{
    clear();
    std::fflush(m_out);
}

QString TerminalProgress::lineFor(const DownloadSnapshot &s, int width) const
{
    QString right;
    if (s.state == DownloadState::Downloading) {
        const QString percent = s.bytesTotal > 0 ? QStringLiteral("%1%").arg(100.0 * double(s.bytesDone) / double(s.bytesTotal), 5, 'f', 1)
                                                 : QStringLiteral("  ?  ");
        right = QStringLiteral("%1  %2/s  %3  %4").arg(percent, size(qint64(s.speed)), size(s.bytesDone), eta(s.etaSeconds));
        if (s.connections > 1)
            right += QStringLiteral("  x%1").arg(s.connections);
    } else {
        right = s.statusText.isEmpty() ? downloadStateName(s.state) : s.statusText;
    }
    QString name = s.fileName.isEmpty() ? s.url.toDisplayString() : s.fileName;
    const int room = std::max(10, width - int(right.size()) - 2);
    if (name.size() > room)
        name = name.left(room - 1) + u'…';
    return name.leftJustified(room) + u"  " + right;
}

void TerminalProgress::redraw(bool force)
{
    if (!force && m_sinceDraw.elapsed() < 100)
        return;
    m_sinceDraw.restart();
    clear();
    const int width = terminalWidth(m_out) - 1;
    double speed = 0;
    qint64 bytes = m_doneBytes;
    for (const DownloadSnapshot &s : std::as_const(m_active)) {
        std::fprintf(m_out, "%s\n", lineFor(s, width).left(width).toLocal8Bit().constData());
        speed += s.speed;
        bytes += s.bytesDone;
        ++m_linesShown;
    }
    std::fprintf(m_out, "%s\n",
                 QStringLiteral("Total: %1 done, %2 failed, %3 active, %4 at %5/s")
                     .arg(m_finished).arg(m_failed).arg(m_active.size()).arg(size(bytes), size(qint64(speed)))
                     .toLocal8Bit().constData());
    ++m_linesShown;
    std::fflush(m_out);
}

void TerminalProgress::clear()
{
    // Up one line and erase it, for every line we drew.
    for (; m_linesShown > 0; --m_linesShown)
        std::fputs("\x1b[1A\x1b[2K", m_out);
}

} // namespace Ferry
