#include "linkofferbar.h"

#include <QBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Ferry {

LinkOfferBar::LinkOfferBar(QWidget *parent) : QFrame(parent)
{
    setObjectName(u"linkOfferBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Copied links"));

    m_text = new QLabel(this);
    m_text->setObjectName(u"linkOfferLabel"_s);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long URL is elided by the layout rather than widening the window.
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *add = new QPushButton(tr("&Add\u2026"), this);
    add->setObjectName(u"linkOfferAdd"_s);
    add->setAccessibleName(tr("Add the copied links"));
    connect(add, &QPushButton::clicked, this, [this] {
        QStringList lines;
        for (const QUrl &url : std::as_const(m_urls))
            lines.append(url.toString(QUrl::FullyEncoded));
        hide();
        Q_EMIT addRequested(lines.join(u'\n'));
    });

    auto *dismiss = new QToolButton(this);
    dismiss->setObjectName(u"linkOfferClose"_s);
    dismiss->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    dismiss->setAccessibleName(tr("Dismiss"));
    connect(dismiss, &QToolButton::clicked, this, &QWidget::hide);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 2, 2);
    layout->addWidget(m_text, 1);
    layout->addWidget(add);
    layout->addWidget(dismiss);
    setVisible(false);
}

void LinkOfferBar::offer(const QList<QUrl> &urls)
{
    m_urls = urls;
    m_text->setText(urls.size() == 1
                        ? tr("Link copied: %1").arg(urls.first().toDisplayString())
                        : tr("%n link(s) copied: %1 \u2026", "", int(urls.size())).arg(urls.first().toDisplayString()));
    m_text->setToolTip(m_text->text());
    show();
}

} // namespace Ferry
