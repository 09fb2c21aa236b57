#include "taskfilterproxymodel.h"

#include "tasktablemodel.h"

namespace Ferry {

TaskFilterProxyModel::TaskFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TaskTableModel::RawValueRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
    // A task that changes state moves in or out of the category shown.
    setDynamicSortFilter(true);
}

void TaskFilterProxyModel::setCategory(std::optional<TaskCategory> category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidateRowsFilter();
}

void TaskFilterProxyModel::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

void TaskFilterProxyModel::setFileCategory(const QString &category)
{
    if (category == m_fileCategory)
        return;
    m_fileCategory = category;
    invalidateRowsFilter();
}

bool TaskFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_category && index.data(TaskTableModel::CategoryRole).toInt() != int(*m_category))
        return false;
    if (!m_fileCategory.isEmpty() && index.data(TaskTableModel::FileCategoryRole).toString() != m_fileCategory)
        return false;
    if (m_text.isEmpty())
        return true;
    return index.data(TaskTableModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace Ferry
