#pragma once

#include <QStyledItemDelegate>

namespace Ferry {

// Paints a cell as the style's progress bar. Reads the fraction (0..1, or negative when the total is
// unknown) from the model's raw-value role and the label from the display role, so the model stays the
// only place that formats numbers.
class ProgressDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressDelegate)

public:
    explicit ProgressDelegate(int fractionRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_fractionRole;
};

} // namespace Ferry
