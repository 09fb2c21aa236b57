#include "localfilesdialog.h"

#include "recipeeditor.h"

#include <QBoxLayout>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace Ferry {

LocalFilesDialog::LocalFilesDialog(const QString &directory, QWidget *parent)
    : QDialog(parent), m_directory(directory)
{
    setObjectName(u"localFilesDialog"_s);
    setWindowTitle(tr("Process Local Files"));

    m_paths = new QPlainTextEdit(this);
    m_paths->setObjectName(u"pathsEdit"_s);
    m_paths->setAccessibleName(tr("Files and folders, one per line"));
    m_paths->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_paths->setTabChangesFocus(true);
    connect(m_paths, &QPlainTextEdit::textChanged, this, &LocalFilesDialog::validate);

    auto *files = new QPushButton(tr("Add &Files\u2026"), this);
    connect(files, &QPushButton::clicked, this, &LocalFilesDialog::chooseFiles);
    auto *folder = new QPushButton(tr("Add F&older\u2026"), this);
    connect(folder, &QPushButton::clicked, this, &LocalFilesDialog::chooseFolder);
    auto *pickRow = new QHBoxLayout;
    pickRow->addWidget(files);
    pickRow->addWidget(folder);
    pickRow->addStretch(1);

    m_recipe = new RecipeEditor(this);
    m_recipe->setObjectName(u"recipeEditor"_s);
    connect(m_recipe, &RecipeEditor::changed, this, &LocalFilesDialog::validate);
    auto *steps = new QGroupBox(tr("Steps"), this);
    auto *stepsLayout = new QVBoxLayout(steps);
    stepsLayout->addWidget(m_recipe);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problemLabel"_s);
    m_problem->setWordWrap(true);
    m_problem->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Process"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LocalFilesDialog::tryAccept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *pathsLabel = new QLabel(tr("&Input files and folders (one per line):"), this);
    pathsLabel->setBuddy(m_paths);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(pathsLabel);
    layout->addWidget(m_paths, 1);
    layout->addLayout(pickRow);
    layout->addWidget(steps);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(560, 420);
    validate();
}

void LocalFilesDialog::addPaths(const QStringList &paths)
{
    QStringList all = this->paths();
    for (const QString &path : paths) {
        if (!all.contains(path))
            all.append(path);
    }
    m_paths->setPlainText(all.join(u'\n'));
}

QStringList LocalFilesDialog::paths() const
{
    QStringList result;
    for (const QString &line : m_paths->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            result.append(QDir::cleanPath(line.trimmed()));
    }
    return result;
}

void LocalFilesDialog::chooseFiles()
{
    auto *chooser = new QFileDialog(this, tr("Files to Process"), m_directory);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFiles);
    connect(chooser, &QFileDialog::filesSelected, this, &LocalFilesDialog::addPaths);
    chooser->open();
}

void LocalFilesDialog::chooseFolder()
{
    auto *chooser = new QFileDialog(this, tr("Folder to Process"), m_directory);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::Directory);
    chooser->setOption(QFileDialog::ShowDirsOnly);
    connect(chooser, &QFileDialog::fileSelected, this, [this](const QString &path) { addPaths({path}); });
    chooser->open();
}

void LocalFilesDialog::validate()
{
    QString problem;
    const QStringList all = paths();
    for (const QString &path : all) {
        if (!QDir::isAbsolutePath(path)) {
            problem = tr("\"%1\" is not a full path.").arg(path);
            break;
        }
    }
    if (problem.isEmpty() && !all.isEmpty() && m_recipe->recipe().isEmpty())
        problem = tr("Choose at least one step.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!all.isEmpty() && problem.isEmpty());
}

void LocalFilesDialog::tryAccept()
{
    validate();
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    Q_EMIT submitted(paths(), m_recipe->recipe());
    accept();
}

} // namespace Ferry
