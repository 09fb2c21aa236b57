#include "progressdelegate.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionProgressBar>

#include <cmath>

namespace Ferry {

namespace {
constexpr int Resolution = 1000;  // per-mille: QStyleOptionProgressBar takes ints
}

ProgressDelegate::ProgressDelegate(int fractionRole, QObject *parent)
    : QStyledItemDelegate(parent), m_fractionRole(fractionRole)
{
}

void ProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    QStyle *style = option.widget ? option.widget->style() : QApplication::style();

    // Selection and hover background first, so a selected row stays visibly selected under the bar.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &item, painter, option.widget);

    bool known = false;
    const double fraction = index.data(m_fractionRole).toDouble(&known);

    QStyleOptionProgressBar bar;
    bar.state = option.state | QStyle::State_Horizontal;  // Qt 6 draws vertically without it
    bar.direction = option.direction;
    bar.palette = option.palette;
    bar.fontMetrics = option.fontMetrics;
    bar.rect = option.rect.adjusted(1, 1, -1, -1);
    bar.minimum = 0;
    bar.maximum = Resolution;
    // Unknown total: an empty bar with no label. The busy animation (maximum == 0) needs a timer
    // only a real QProgressBar has, and would freeze half-drawn in a table.
    bar.progress = known && fraction >= 0 ? int(std::lround(fraction * Resolution)) : 0;
    bar.text = item.text;
    bar.textVisible = !bar.text.isEmpty();
    bar.textAlignment = Qt::AlignCenter;

    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

} // namespace Ferry
