// LabelCache: the timeline's labels, laid out once and drawn as static text.
#include "labelcache.h"

#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QTest>

using namespace Ferry;
using namespace Qt::StringLiterals;

class tst_LabelCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { m_cache = LabelCache(); m_cache.setFont(m_font); }
    void elidesLikeFontMetrics_data();
    void elidesLikeFontMetrics();
    void widthsThatFitShareOneEntry();
    void staysBounded();
    void newFontStartsOver();
    void drawsInThePaintersPen();

private:
    QFont m_font = QFont(u"Sans"_s, 10);
    LabelCache m_cache;
};

void tst_LabelCache::elidesLikeFontMetrics_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("mode");
    const QString long_ = u"debian-12.5.0-amd64-netinst.iso · Download"_s;
    QTest::newRow("fits") << u"hash"_s << 500 << int(Qt::ElideRight);
    QTest::newRow("right") << long_ << 80 << int(Qt::ElideRight);
    QTest::newRow("middle") << long_ << 80 << int(Qt::ElideMiddle);
    QTest::newRow("nothing fits") << long_ << 0 << int(Qt::ElideRight);
}

void tst_LabelCache::elidesLikeFontMetrics()
{
    QFETCH(QString, text);
    QFETCH(int, width);
    QFETCH(int, mode);
    const auto elide = Qt::TextElideMode(mode);
    QCOMPARE(m_cache.label(text, width, elide).text(), QFontMetrics(m_font).elidedText(text, elide, width));
    // Asked again: the same entry.
    QCOMPARE(m_cache.label(text, width, elide).text(), QFontMetrics(m_font).elidedText(text, elide, width));
    QCOMPARE(m_cache.size(), 1);
}

void tst_LabelCache::widthsThatFitShareOneEntry()
{
    const QString text = u"photo-0001.jpg"_s;
    const int advance = QFontMetrics(m_font).horizontalAdvance(text);
    for (int width = advance; width < advance + 200; width += 7)
        QCOMPARE(m_cache.label(text, width, Qt::ElideRight).text(), text);
    QCOMPARE(m_cache.size(), 1);
    // Narrower: elided, one entry per ElideStepPx of width.
    const int narrow = advance / 2 / LabelCache::ElideStepPx * LabelCache::ElideStepPx;
    for (int width = narrow; width < narrow + LabelCache::ElideStepPx; ++width) {
        QCOMPARE(m_cache.label(text, width, Qt::ElideRight).text(),
                 QFontMetrics(m_font).elidedText(text, Qt::ElideRight, narrow));
    }
    QVERIFY(m_cache.label(text, narrow, Qt::ElideRight).text() != text);
    QCOMPARE(m_cache.size(), 2);
}

void tst_LabelCache::staysBounded()
{
    for (int i = 0; i < LabelCache::MaxEntries + 50; ++i)
        m_cache.label(u"task %1"_s.arg(i), 300, Qt::ElideRight);
    QVERIFY(m_cache.size() <= LabelCache::MaxEntries);
    QVERIFY(m_cache.size() > 0);
}

void tst_LabelCache::newFontStartsOver()
{
    m_cache.label(u"verify"_s, 300, Qt::ElideRight);
    m_cache.setFont(m_font);  // the same font: kept
    QCOMPARE(m_cache.size(), 1);
    QFont bigger = m_font;
    bigger.setPointSize(m_font.pointSize() * 3);
    m_cache.setFont(bigger);
    QCOMPARE(m_cache.size(), 0);
    // Laid out with the new font: a width that held the text before no longer does.
    const int before = QFontMetrics(m_font).horizontalAdvance(u"verify"_s);
    QVERIFY(m_cache.label(u"verify"_s, before, Qt::ElideRight).text() != u"verify"_s);
}

void tst_LabelCache::drawsInThePaintersPen()
{
    QImage image(200, 30, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setFont(m_font);
        painter.setPen(Qt::red);
        m_cache.draw(painter, QRectF(2, 0, 196, 30), u"extract"_s, Qt::ElideRight);
    }
    int reddish = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 200 && c.green() < 120 && c.blue() < 120)
                ++reddish;
        }
    }
    QVERIFY2(reddish > 10, qPrintable(u"%1 red pixels"_s.arg(reddish)));
}

QTEST_MAIN(tst_LabelCache)
#include "tst_labelcache.moc"
