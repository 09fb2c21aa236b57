#include "categoryeditor.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

enum RuleColumn { MatchColumn, PatternColumn, CategoryColumn, RuleColumnCount };

} // namespace

CategoryEditor::CategoryEditor(QWidget *parent) : QWidget(parent)
{
    m_sort = new QCheckBox(tr("&Sort downloads into category folders"), this);
    m_sort->setObjectName(u"sortIntoFoldersCheck"_s);
    m_sort->setToolTip(tr("A download goes into a folder named after its category inside the folder you chose, "
                          "decided once the server has named the file"));
    connect(m_sort, &QCheckBox::toggled, this, &CategoryEditor::changed);

    m_builtIns = new QCheckBox(tr("Use the &built-in categories: videos, archives, images, documents, programs"), this);
    m_builtIns->setObjectName(u"builtInsCheck"_s);
    connect(m_builtIns, &QCheckBox::toggled, this, &CategoryEditor::changed);

    m_rules = new QTableWidget(0, RuleColumnCount, this);
    m_rules->setObjectName(u"rulesTable"_s);
    m_rules->setAccessibleName(tr("Your rules, tried before the built-in categories"));
    m_rules->setHorizontalHeaderLabels({ tr("Match"), tr("Host or extension"), tr("Category folder") });
    m_rules->horizontalHeader()->setSectionResizeMode(PatternColumn, QHeaderView::Stretch);
    m_rules->horizontalHeader()->setSectionResizeMode(CategoryColumn, QHeaderView::Stretch);
    m_rules->verticalHeader()->setVisible(false);
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    connect(m_rules, &QTableWidget::itemChanged, this, [this] {
        updateProblem();
        Q_EMIT changed();
    });

    auto *add = new QPushButton(tr("&Add Rule"), this);
    add->setObjectName(u"addRuleButton"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        addRule();
        m_rules->setCurrentCell(m_rules->rowCount() - 1, PatternColumn);
        m_rules->editItem(m_rules->currentItem());
    });
    m_remove = new QPushButton(tr("&Remove Rule"), this);
    m_remove->setObjectName(u"removeRuleButton"_s);
    connect(m_remove, &QPushButton::clicked, this, &CategoryEditor::removeSelectedRules);
    connect(m_rules, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_rules->selectedItems().isEmpty()); });
    m_remove->setEnabled(false);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"ruleProblemLabel"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setVisible(false);

    auto *hint = new QLabel(tr("Your rules come first, hosts before extensions: \"example.org\" also matches "
                               "its subdomains, \"mkv\" or \"tar.gz\" matches the end of the file name."), this);
    hint->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sort);
    layout->addWidget(m_builtIns);
    layout->addWidget(hint);
    layout->addWidget(m_rules, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_problem);
    setSettings({});
}

void CategoryEditor::setSettings(const CategorySettings &settings)
{
    const QSignalBlocker blocker(this);
    m_sort->setChecked(settings.sortIntoFolders);
    m_builtIns->setChecked(settings.rules.useBuiltIns());
    m_rules->setRowCount(0);
    for (const CategoryRule &rule : settings.rules.userRules())
        addRule(rule.match, rule.pattern, rule.category);
    updateProblem();
}

void CategoryEditor::addRule(CategoryRule::Match match, const QString &pattern, const QString &category)
{
    const QSignalBlocker blocker(m_rules);
    const int row = m_rules->rowCount();
    m_rules->insertRow(row);
    auto *kind = new QComboBox(m_rules);
    kind->setAccessibleName(tr("Match by"));
    kind->addItem(tr("Extension"), int(CategoryRule::Match::Extension));
    kind->addItem(tr("Host"), int(CategoryRule::Match::Host));
    kind->setCurrentIndex(kind->findData(int(match)));
    connect(kind, &QComboBox::currentIndexChanged, this, &CategoryEditor::changed);
    m_rules->setCellWidget(row, MatchColumn, kind);
    m_rules->setItem(row, PatternColumn, new QTableWidgetItem(pattern));
    m_rules->setItem(row, CategoryColumn, new QTableWidgetItem(category));
    updateProblem();
}

void CategoryEditor::removeSelectedRules()
{
    QList<int> rows;
    for (const QTableWidgetItem *item : m_rules->selectedItems()) {
        if (!rows.contains(item->row()))
            rows.append(item->row());
    }
    std::sort(rows.rbegin(), rows.rend());
    for (int row : std::as_const(rows))
        m_rules->removeRow(row);
    updateProblem();
    Q_EMIT changed();
}

CategorySettings CategoryEditor::settings() const
{
    CategorySettings result;
    result.sortIntoFolders = m_sort->isChecked();
    result.rules.setUseBuiltIns(m_builtIns->isChecked());
    QList<CategoryRule> rules;
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        const auto *kind = static_cast<const QComboBox *>(m_rules->cellWidget(row, MatchColumn));
        rules.append({ CategoryRule::Match(kind->currentData().toInt()), m_rules->item(row, PatternColumn)->text(),
                       m_rules->item(row, CategoryColumn)->text() });
    }
    result.rules.setUserRules(rules);  // drops what could not work; problem() names it
    return result;
}

QString CategoryEditor::problem() const
{
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        const QString pattern = m_rules->item(row, PatternColumn)->text().trimmed();
        const QString category = m_rules->item(row, CategoryColumn)->text().trimmed();
        if (pattern.isEmpty())
            return tr("Rule %1 has no host or extension.").arg(row + 1);
        if (!CategoryRules::isValidCategoryName(category))
            return tr("Rule %1: \"%2\" cannot be a folder name (one name, no slashes, not starting with a dot).")
                .arg(row + 1)
                .arg(category);
    }
    return {};
}

void CategoryEditor::updateProblem()
{
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

CategoryDialog::CategoryDialog(const CategorySettings &settings, QWidget *parent) : QDialog(parent)
{
    setObjectName(u"categoryDialog"_s);
    setWindowTitle(tr("Categories"));
    m_editor = new CategoryEditor(this);
    m_editor->setObjectName(u"categoryEditor"_s);
    m_editor->setSettings(settings);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!m_editor->problem().isEmpty())
            return;
        Q_EMIT settingsAccepted(m_editor->settings());
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto update = [this] { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_editor->problem().isEmpty()); };
    connect(m_editor, &CategoryEditor::changed, this, update);
    update();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_buttons);
    resize(620, 420);
}

CategorySettings CategoryDialog::settings() const
{
    return m_editor->settings();
}

} // namespace Ferry
