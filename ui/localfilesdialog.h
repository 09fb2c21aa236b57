#pragma once

#include "engine/taskspec.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace Ferry {

class RecipeEditor;

// "Process local files": files and folders already here (one path per line, picked or typed) and
// the steps to run on each. Emits the paths and the recipe; the engine reports paths that do not exist.
class LocalFilesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalFilesDialog)

public:
    explicit LocalFilesDialog(const QString &directory, QWidget *parent = nullptr);

    void addPaths(const QStringList &paths);
    QStringList paths() const;

Q_SIGNALS:
    void submitted(const QStringList &paths, const Ferry::Recipe &recipe);

private:
    void chooseFiles();
    void chooseFolder();
    void validate();
    void tryAccept();

    QString m_directory;
    QPlainTextEdit *m_paths;
    RecipeEditor *m_recipe;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Ferry
