#pragma once

#include "config/categoryrules.h"

#include <QDialog>
#include <QWidget>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace Ferry {

// Edits CategorySettings: whether downloads are sorted into category folders, whether the built-in
// categories apply, and the user's own rules (a host or an extension, and the folder it goes to).
// A plain widget, so the settings dialog can hold it too; CategoryDialog wraps it for the menu.
class CategoryEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CategoryEditor)

public:
    explicit CategoryEditor(QWidget *parent = nullptr);

    void setSettings(const Ferry::CategorySettings &settings);
    // What the form says; rules that are incomplete or name no valid folder are left out (and
    // problem() says so).
    CategorySettings settings() const;
    QString problem() const;

Q_SIGNALS:
    void changed();

private:
    void addRule(CategoryRule::Match match = CategoryRule::Match::Extension, const QString &pattern = {},
                 const QString &category = {});
    void removeSelectedRules();
    void updateProblem();

    QCheckBox *m_sort;
    QCheckBox *m_builtIns;
    QTableWidget *m_rules;
    QPushButton *m_remove;
    QLabel *m_problem;
};

// The editor in a window of its own, opened with open() (never exec()); accepted() hands the result.
class CategoryDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CategoryDialog)

public:
    CategoryDialog(const CategorySettings &settings, QWidget *parent = nullptr);
    CategorySettings settings() const;

Q_SIGNALS:
    void settingsAccepted(const Ferry::CategorySettings &settings);

private:
    CategoryEditor *m_editor;
    QDialogButtonBox *m_buttons;
};

} // namespace Ferry
