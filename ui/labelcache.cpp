#include "labelcache.h"

#include <QFontMetrics>
#include <QPainter>

namespace Ferry {

void LabelCache::setFont(const QFont &font)
{
    if (font == m_font)
        return;
    m_font = font;
    m_lineHeight = QFontMetricsF(font).height();
    m_advances.clear();
    m_labels.clear();
}

int LabelCache::advanceOf(const QString &text)
{
    if (const auto known = m_advances.constFind(text); known != m_advances.cend())
        return *known;
    if (m_advances.size() >= MaxEntries)
        m_advances.clear();
    const int advance = QFontMetrics(m_font).horizontalAdvance(text);
    m_advances.insert(text, advance);
    return advance;
}

const QStaticText &LabelCache::label(const QString &text, int width, Qt::TextElideMode mode)
{
    // An elided label is laid out for its width rounded down to ElideStepPx: a running bar grows by a
    // pixel at a time, and its label would otherwise be elided anew on every frame.
    const Key key{ text, advanceOf(text) <= width ? -1 : qMax(0, width / ElideStepPx * ElideStepPx), mode };
    if (const auto known = m_labels.constFind(key); known != m_labels.cend())
        return *known;
    if (m_labels.size() >= MaxEntries)
        m_labels.clear();
    QStaticText label(key.width < 0 ? text : QFontMetrics(m_font).elidedText(text, mode, key.width));
    label.setTextFormat(Qt::PlainText);
    label.setPerformanceHint(QStaticText::AggressiveCaching);
    label.prepare(QTransform(), m_font);
    return *m_labels.insert(key, std::move(label));
}

void LabelCache::draw(QPainter &painter, const QRectF &rect, const QString &text, Qt::TextElideMode mode)
{
    setFont(painter.font());
    const QStaticText &laidOut = label(text, int(rect.width()), mode);
    if (laidOut.text().isEmpty())
        return;
    painter.drawStaticText(QPointF(rect.left(), rect.top() + (rect.height() - m_lineHeight) / 2), laidOut);
}

} // namespace Ferry
