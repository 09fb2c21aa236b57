#include "droptarget.h"

#include "util/urllist.h"

#include <QDropEvent>
#include <QMimeData>
#include <QWidget>

namespace Ferry {

DropTarget::DropTarget(QWidget *window) : QObject(window), m_window(window)
{
    window->setAcceptDrops(true);
    window->installEventFilter(this);
}

DropTarget::Dropped DropTarget::read(const QMimeData *mime)
{
    Dropped dropped;
    if (!mime)
        return dropped;
    if (mime->hasUrls()) {
        QStringList links;
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile())
                dropped.paths.append(url.toLocalFile());
            else if (!url.isEmpty())
                links.append(url.toString());  // an ftp: link too: the add dialog shows it marked
        }
        dropped.linkText = links.join(u'\n');
        return dropped;
    }
    if (mime->hasText()) {
        // Dragged text is worth a dialog only when it holds a link; then every line goes in, so the
        // dialog can show the ones it cannot use instead of them vanishing.
        const QString text = mime->text().trimmed();
        if (!parseUrlLines(text.split(u'\n')).urls.isEmpty())
            dropped.linkText = text;
    }
    return dropped;
}

bool DropTarget::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_window)
        return false;
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);  // QDragEnterEvent is one
        if (read(drag->mimeData()).isEmpty())
            drag->ignore();
        else
            drag->acceptProposedAction();
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        const Dropped dropped = read(drop->mimeData());
        if (dropped.isEmpty()) {
            drop->ignore();
            return true;
        }
        drop->acceptProposedAction();
        if (!dropped.linkText.isEmpty())
            Q_EMIT linksDropped(dropped.linkText);
        if (!dropped.paths.isEmpty())
            Q_EMIT pathsDropped(dropped.paths);
        return true;
    }
    default:
        return false;
    }
}

} // namespace Ferry
