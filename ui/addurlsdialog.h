#pragma once

#include "util/urllist.h"

#include "engine/taskspec.h"
#include "net/downloadtypes.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Ferry {

class RecipeEditor;

// The URL lines are parsed by parseUrlLines() (util/urllist.h).

// The checksum field: a hex digest ("sha256:" or another algorithm's prefix allowed; without one the
// length tells MD5, SHA-1, SHA-256 or SHA-512), or the http(s) URL of a SHA256SUMS-style list.
struct ChecksumInput
{
    ExpectedChecksum expected;
    QUrl listUrl;
    QString problem;  // set: neither
    bool isEmpty() const { return !expected.isSet() && listUrl.isEmpty() && problem.isEmpty(); }
};
ChecksumInput parseChecksumInput(const QString &text);

// "Add URLs": URLs one per line, checked as they are typed (a bad line is marked and kept, and Add
// waits until it is fixed or removed), the folder, a file name for a single URL, connections, a speed
// limit, an expected checksum or a checksum list, and the steps after the download. Emits one
// request per URL and the recipe they share.
class AddUrlsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddUrlsDialog)

public:
    AddUrlsDialog(const QString &directory, QWidget *parent = nullptr);

    void setUrlsText(const QString &text);
    // The connections field's starting value (the user's default from the settings).
    void setConnections(int connections);

Q_SIGNALS:
    void submitted(const QList<Ferry::DownloadRequest> &requests, const Ferry::Recipe &recipe);

private:
    void validate();
    void chooseDirectory();
    void tryAccept();

    QPlainTextEdit *m_urls;
    QLabel *m_urlProblem;
    QLineEdit *m_directory;
    QLineEdit *m_fileName;
    QSpinBox *m_connections;
    QSpinBox *m_rateLimit;  // KiB/s, 0: unlimited
    QLineEdit *m_checksum;
    RecipeEditor *m_recipe;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Ferry
