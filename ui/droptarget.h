#pragma once

#include <QObject>
#include <QStringList>

class QMimeData;
class QWidget;

namespace Ferry {

// Makes a window accept drops of links and of local files and folders. Links (text/uri-list or plain
// text from a browser) come out as text for the add dialog, which marks the lines it cannot use;
// file:// URLs come out as local paths for "Process local files". Installed as an event filter, so the
// window needs no drag-and-drop code of its own.
class DropTarget final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DropTarget)

public:
    explicit DropTarget(QWidget *window);

    struct Dropped
    {
        QString linkText;   // one link (or one line of dropped text) per line; empty: none
        QStringList paths;  // local files and folders
        bool isEmpty() const { return linkText.isEmpty() && paths.isEmpty(); }
    };
    // What a drop would give; empty for data Ferry cannot use (an image's pixels, prose with no link).
    static Dropped read(const QMimeData *mime);

Q_SIGNALS:
    void linksDropped(const QString &text);
    void pathsDropped(const QStringList &paths);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
};

} // namespace Ferry
