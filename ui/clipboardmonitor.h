#pragma once

#include <QList>
#include <QObject>
#include <QUrl>

class QClipboard;

namespace Ferry {

// Clipboard monitoring (off by default: reading the clipboard is the user's call). When on, a copy of
// http(s) URLs, and nothing else, is offered once through offered(): never the same URLs twice in a
// row, and never what Ferry copied itself (copyText() marks it).
class ClipboardMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipboardMonitor)

public:
    explicit ClipboardMonitor(QClipboard *clipboard, QObject *parent = nullptr);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    // Puts text on the clipboard as Ferry's own, so the monitor does not offer it back.
    static void copyText(const QString &text);

Q_SIGNALS:
    void offered(const QList<QUrl> &urls);

private:
    void check();

    QClipboard *m_clipboard;
    bool m_enabled = false;
    QList<QUrl> m_lastOffered;
};

} // namespace Ferry
