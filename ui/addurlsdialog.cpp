#include "addurlsdialog.h"

#include "colorscheme.h"
#include "recipeeditor.h"

#include <QBoxLayout>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTextBlock>

using namespace Qt::StringLiterals;

namespace Ferry {

ChecksumInput parseChecksumInput(const QString &text)
{
    ChecksumInput result;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return result;
    if (trimmed.startsWith(u"http://"_s, Qt::CaseInsensitive) || trimmed.startsWith(u"https://"_s, Qt::CaseInsensitive)) {
        const QUrl url(trimmed, QUrl::StrictMode);
        if (isDownloadableUrl(url))
            result.listUrl = url;
        else
            result.problem = AddUrlsDialog::tr("The checksum list URL is not valid.");
        return result;
    }
    QString hex = trimmed;
    std::optional<HashAlgorithm> algorithm;
    if (const qsizetype colon = trimmed.indexOf(u':'); colon >= 0) {
        algorithm = hashAlgorithmFromName(QStringView(trimmed).left(colon));
        if (!algorithm) {
            result.problem = AddUrlsDialog::tr("Unknown checksum algorithm \"%1\".").arg(trimmed.left(colon));
            return result;
        }
        hex = trimmed.mid(colon + 1).trimmed();
    } else {
        algorithm = hashAlgorithmForHexLength(hex.size());
    }
    static const QRegularExpression hexDigits(u"^[0-9A-Fa-f]+$"_s);
    if (!algorithm || !hexDigits.match(hex).hasMatch() || hex.size() != 2 * hashDigestLength(*algorithm)) {
        result.problem = AddUrlsDialog::tr("The checksum is not a hex digest (MD5, SHA-1, SHA-256 or SHA-512, "
                                           "optionally with a \"sha256:\" prefix) or a checksum list URL.");
        return result;
    }
    result.expected = {*algorithm, QByteArray::fromHex(hex.toLatin1())};
    return result;
}

AddUrlsDialog::AddUrlsDialog(const QString &directory, QWidget *parent) : QDialog(parent)
{
    setObjectName(u"addUrlsDialog"_s);
    setWindowTitle(tr("Add URLs"));

    m_urls = new QPlainTextEdit(this);
    m_urls->setObjectName(u"urlsEdit"_s);
    m_urls->setAccessibleName(tr("URLs, one per line"));
    m_urls->setPlaceholderText(tr("https://example.org/file.iso"));
    m_urls->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_urls->setTabChangesFocus(true);
    connect(m_urls, &QPlainTextEdit::textChanged, this, &AddUrlsDialog::validate);

    m_urlProblem = new QLabel(this);
    m_urlProblem->setObjectName(u"urlProblemLabel"_s);
    m_urlProblem->setWordWrap(true);
    m_urlProblem->setTextFormat(Qt::PlainText);
    m_urlProblem->setVisible(false);

    m_directory = new QLineEdit(directory, this);
    m_directory->setObjectName(u"directoryEdit"_s);
    m_directory->setAccessibleName(tr("Download folder"));
    m_directory->setClearButtonEnabled(true);
    connect(m_directory, &QLineEdit::textChanged, this, &AddUrlsDialog::validate);
    auto *browse = new QPushButton(tr("Browse\u2026"), this);
    browse->setAccessibleName(tr("Choose download folder"));
    connect(browse, &QPushButton::clicked, this, &AddUrlsDialog::chooseDirectory);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_directory, 1);
    folderRow->addWidget(browse);

    m_fileName = new QLineEdit(this);
    m_fileName->setObjectName(u"fileNameEdit"_s);
    m_fileName->setAccessibleName(tr("File name"));
    m_fileName->setPlaceholderText(tr("From the server (only for a single URL)"));

    m_connections = new QSpinBox(this);
    m_connections->setObjectName(u"connectionsSpin"_s);
    m_connections->setAccessibleName(tr("Connections per download"));
    m_connections->setRange(1, 16);
    m_connections->setToolTip(tr("Used when the server allows ranges"));

    m_rateLimit = new QSpinBox(this);
    m_rateLimit->setObjectName(u"rateLimitSpin"_s);
    m_rateLimit->setAccessibleName(tr("Speed limit"));
    m_rateLimit->setRange(0, 10'000'000);
    m_rateLimit->setSingleStep(100);
    m_rateLimit->setSuffix(tr(" KiB/s"));
    m_rateLimit->setSpecialValueText(tr("Unlimited"));

    m_checksum = new QLineEdit(this);
    m_checksum->setObjectName(u"checksumEdit"_s);
    m_checksum->setAccessibleName(tr("Expected checksum or checksum list URL"));
    m_checksum->setPlaceholderText(tr("sha256:\u2026 or https://example.org/SHA256SUMS"));
    m_checksum->setClearButtonEnabled(true);
    connect(m_checksum, &QLineEdit::textChanged, this, &AddUrlsDialog::validate);

    m_recipe = new RecipeEditor(this);
    m_recipe->setObjectName(u"recipeEditor"_s);
    auto *steps = new QGroupBox(tr("After the download"), this);
    auto *stepsLayout = new QVBoxLayout(steps);
    stepsLayout->addWidget(m_recipe);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problemLabel"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddUrlsDialog::tryAccept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *urlsLabel = new QLabel(tr("&URLs (one per line):"), this);
    urlsLabel->setBuddy(m_urls);
    auto *form = new QFormLayout;
    // A row of a layout gets no buddy from addRow(): the label would show its '&' and not move focus.
    auto *directoryLabel = new QLabel(tr("Save &to:"), this);
    directoryLabel->setBuddy(m_directory);
    form->addRow(directoryLabel, folderRow);
    form->addRow(tr("File &name:"), m_fileName);
    form->addRow(tr("C&onnections:"), m_connections);
    form->addRow(tr("Speed &limit:"), m_rateLimit);
    form->addRow(tr("Check&sum:"), m_checksum);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(urlsLabel);
    layout->addWidget(m_urls, 1);
    layout->addWidget(m_urlProblem);
    layout->addLayout(form);
    layout->addWidget(steps);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    resize(600, 560);
    validate();
}

void AddUrlsDialog::setUrlsText(const QString &text)
{
    m_urls->setPlainText(text);
}

void AddUrlsDialog::setConnections(int connections)
{
    m_connections->setValue(connections);
}

void AddUrlsDialog::validate()
{
    const ParsedUrls parsed = parseUrlLines(m_urls->toPlainText().split(u'\n'));

    // Mark the bad lines in place: the user sees which ones, and nothing is removed for them.
    QList<QTextEdit::ExtraSelection> marks;
    const QColor bad = negativeBackground(m_urls->palette());
    for (int line : parsed.rejectedLines) {
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_urls->document()->findBlockByNumber(line));
        mark.format.setBackground(bad);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        mark.format.setToolTip(tr("Not an http or https URL"));
        marks.append(mark);
    }
    m_urls->setExtraSelections(marks);
    if (parsed.rejectedLines.isEmpty()) {
        m_urlProblem->setVisible(false);
    } else {
        QStringList numbers;
        for (int line : parsed.rejectedLines)
            numbers.append(QString::number(line + 1));
        m_urlProblem->setText(tr("Not an http or https URL on line(s) %1: correct or remove them.", "",
                                 int(numbers.size())).arg(numbers.join(u", "_s)));
        m_urlProblem->setVisible(true);
    }

    m_fileName->setEnabled(parsed.urls.size() == 1);
    const ChecksumInput checksum = parseChecksumInput(m_checksum->text());
    QString problem = checksum.problem;
    if (problem.isEmpty() && checksum.expected.isSet() && parsed.urls.size() > 1)
        problem = tr("An expected checksum fits one URL only; for several, give a checksum list URL.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());

    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!parsed.urls.isEmpty() && parsed.rejected.isEmpty()
                                                        && problem.isEmpty()
                                                        && !m_directory->text().trimmed().isEmpty());
}

void AddUrlsDialog::chooseDirectory()
{
    auto *chooser = new QFileDialog(this, tr("Download Folder"), m_directory->text());
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::Directory);
    chooser->setOption(QFileDialog::ShowDirsOnly);
    connect(chooser, &QFileDialog::fileSelected, m_directory, &QLineEdit::setText);
    chooser->open();
}

void AddUrlsDialog::tryAccept()
{
    const QString directory = QDir::cleanPath(m_directory->text().trimmed());
    if (!QDir::isAbsolutePath(directory)) {
        m_problem->setText(tr("Choose a download folder (a full path)."));
        m_problem->setVisible(true);
        m_directory->setFocus();
        return;
    }
    const ParsedUrls parsed = parseUrlLines(m_urls->toPlainText().split(u'\n'));
    const ChecksumInput checksum = parseChecksumInput(m_checksum->text());
    if (parsed.urls.isEmpty() || !parsed.rejected.isEmpty() || !checksum.problem.isEmpty())
        return;  // the Add button is disabled in these cases; Enter in a field can still get here

    Recipe recipe = m_recipe->recipe();
    if (checksum.listUrl.isValid()) {
        recipe.checksumUrl = checksum.listUrl;
        recipe.verify = true;  // a list that is not checked against would only be a download
    }
    QList<DownloadRequest> requests;
    requests.reserve(parsed.urls.size());
    for (const QUrl &url : parsed.urls) {
        DownloadRequest request;
        request.url = url;
        request.directory = directory;
        if (parsed.urls.size() == 1)
            request.fileName = m_fileName->text().trimmed();
        request.connections = m_connections->value();
        request.rateLimit = qint64(m_rateLimit->value()) * 1024;
        request.expected = checksum.expected;
        requests.append(request);
    }
    Q_EMIT submitted(requests, recipe);
    accept();
}

} // namespace Ferry
