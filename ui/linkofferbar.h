#pragma once

#include <QFrame>
#include <QList>
#include <QUrl>

class QLabel;

namespace Ferry {

// A quiet bar above the queue offering links copied to the clipboard: "Add…" hands them on (the window
// opens the add dialog prefilled), the close button or the next offer replaces them. Never a popup.
class LinkOfferBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkOfferBar)

public:
    explicit LinkOfferBar(QWidget *parent = nullptr);

    void offer(const QList<QUrl> &urls);
    QList<QUrl> urls() const { return m_urls; }

Q_SIGNALS:
    void addRequested(const QString &urlLines);

private:
    QLabel *m_text;
    QList<QUrl> m_urls;
};

} // namespace Ferry
