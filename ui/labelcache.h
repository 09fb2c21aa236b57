#pragma once

#include <QFont>
#include <QHash>
#include <QStaticText>
#include <QString>

#include <utility>

class QPainter;
class QRectF;

namespace Ferry {

// Laid-out, elided one-line labels for a view that repaints many times a second. QPainter::drawText
// lays its string out anew on every call and QFontMetrics::elidedText shapes it again; in the live
// timeline that was two thirds of each paint. A label is laid out once per text, width and font,
// then drawn as a QStaticText. Widths at or above the text's own width share one entry, so a bar that
// grows while its label already fits costs nothing new, and an elided label is laid out for its width
// rounded down to ElideStepPx (up to 3 px of room unused). Cleared when it reaches MaxEntries (a running
// bar narrower than its label makes a new entry every ElideStepPx it grows).
class LabelCache
{
public:
    static constexpr int MaxEntries = 4096;
    static constexpr int ElideStepPx = 4;

    // Draws `text` elided to `rect`'s width, left-aligned and vertically centred, in the painter's pen.
    void draw(QPainter &painter, const QRectF &rect, const QString &text, Qt::TextElideMode mode);

    // The label as draw() lays it out (the elided text; empty when nothing fits).
    const QStaticText &label(const QString &text, int width, Qt::TextElideMode mode);

    void setFont(const QFont &font);  // clears the cache when the font changes
    qsizetype size() const { return m_labels.size(); }

private:
    struct Key
    {
        QString text;
        int width;  // -1: wide enough for the whole text
        Qt::TextElideMode mode;
        friend bool operator==(const Key &a, const Key &b)
        {
            return a.width == b.width && a.mode == b.mode && a.text == b.text;
        }
        friend size_t qHash(const Key &key, size_t seed = 0) { return qHashMulti(seed, key.text, key.width, int(key.mode)); }
    };

    int advanceOf(const QString &text);

    QFont m_font;
    qreal m_lineHeight = 0;
    QHash<QString, int> m_advances;
    QHash<Key, QStaticText> m_labels;
};

} // namespace Ferry
