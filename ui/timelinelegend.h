#pragma once

#include "engine/tracefeed.h"

#include <QWidget>

class QPainter;

namespace Ferry {

// How the timeline draws a bar, and the strip that explains it. Colours come from the palette: each
// step kind gets a hue turned from the palette's highlight; the outcome is drawn as a fill pattern
// and an outline, so it reads without colour too.
class TimelineLegend final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineLegend)

public:
    enum class Outcome { Running, Ok, Stopped, Failed };

    explicit TimelineLegend(QWidget *parent = nullptr);
    ~TimelineLegend() override;

    static Outcome outcomeOf(const TaskTraceSpan &span);
    static QString outcomeText(Outcome outcome);
    static QColor kindColor(TaskKind kind, const QPalette &palette);
    // The palette colour that reads best on top of background.
    static QColor textOn(const QColor &background, const QPalette &palette);
    static void paintBar(QPainter &painter, const QRectF &rect, TaskKind kind, Outcome outcome, const QPalette &palette);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Entry
    {
        QString text;
        TaskKind kind;
        Outcome outcome;
    };
    QList<Entry> entries() const;
    int swatchWidth() const;
};

} // namespace Ferry
