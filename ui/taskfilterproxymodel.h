#pragma once

#include <QSortFilterProxyModel>

#include <optional>

namespace Ferry {

enum class TaskCategory;

// What the queue view shows: every task or one category (the sidebar), narrowed by a text the name,
// URL or paths must contain (the filter field), sorted on TaskTableModel::RawValueRole.
class TaskFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TaskFilterProxyModel)

public:
    explicit TaskFilterProxyModel(QObject *parent = nullptr);

    // nullopt: every category.
    void setCategory(std::optional<Ferry::TaskCategory> category);
    std::optional<TaskCategory> category() const { return m_category; }
    void setText(const QString &text);
    // A download category (TaskTableModel::FileCategoryRole); empty: every task. Combines with the
    // state category.
    void setFileCategory(const QString &category);
    QString fileCategory() const { return m_fileCategory; }
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<TaskCategory> m_category;
    QString m_text;
    QString m_fileCategory;
};

} // namespace Ferry
