#pragma once

#include "net/downloadtypes.h"

#include <QWidget>

namespace Ferry {

// A segmented download's file as one bar: each range a cell from its start to its end, filled as far
// as its bytes are on disk; ranges a connection is filling now are drawn with a strong edge.
class SegmentMap final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SegmentMap)

public:
    explicit SegmentMap(QWidget *parent = nullptr);

    void setRanges(const QList<DownloadDetails::Range> &ranges, qint64 total);
    const QList<DownloadDetails::Range> &ranges() const { return m_ranges; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<DownloadDetails::Range> m_ranges;
    qint64 m_total = -1;
};

} // namespace Ferry
