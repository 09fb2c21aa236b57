#include "settingsdialog.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

constexpr int MaxSpeedLimitKiB = 10'000'000;  // ~10 GB/s: more is no limit at all

int speedLimitKiB(qint64 bytesPerSecond)
{
    return int(std::min<qint64>(bytesPerSecond / 1024, MaxSpeedLimitKiB));
}

QSpinBox *makeSpin(QWidget *parent, const char *name, const QString &accessibleName, Preferences::Range range)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(QString::fromLatin1(name));
    spin->setAccessibleName(accessibleName);
    spin->setRange(range.min, range.max);
    spin->setToolTip(SettingsDialog::tr("From %1 to %2").arg(range.min).arg(range.max));
    return spin;
}

} // namespace

SettingsDialog::SettingsDialog(const Preferences &current, QWidget *parent) : QDialog(parent), m_base(current)
{
    setObjectName(u"settingsDialog"_s);
    setWindowTitle(tr("Settings"));

    m_folder = new QLineEdit(this);
    m_folder->setObjectName(u"downloadFolderEdit"_s);
    m_folder->setAccessibleName(tr("Download folder"));
    m_folder->setClearButtonEnabled(true);
    m_folder->setPlaceholderText(tr("The system's download folder (%1)")
                                     .arg(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)));
    connect(m_folder, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    auto *browse = new QPushButton(tr("&Browse\u2026"), this);
    browse->setObjectName(u"browseFolderButton"_s);
    browse->setAccessibleName(tr("Choose download folder"));
    connect(browse, &QPushButton::clicked, this, &SettingsDialog::chooseFolder);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);

    m_downloads = makeSpin(this, "maxDownloadsSpin", tr("Downloads at once"), Preferences::DownloadsRange);
    m_perHost = makeSpin(this, "perHostSpin", tr("Downloads per server"), Preferences::PerHostRange);
    m_perHost->setSpecialValueText(tr("No limit"));
    m_connections = makeSpin(this, "connectionsSpin", tr("Connections per download"), Preferences::ConnectionsRange);
    m_connections->setToolTip(tr("The default for new downloads, used when the server allows ranges (%1 to %2)")
                                  .arg(Preferences::ConnectionsRange.min)
                                  .arg(Preferences::ConnectionsRange.max));
    m_speedLimit = makeSpin(this, "speedLimitSpin", tr("Global speed limit"), {0, MaxSpeedLimitKiB});
    m_speedLimit->setSingleStep(100);
    m_speedLimit->setSuffix(tr(" KiB/s"));
    m_speedLimit->setSpecialValueText(tr("Unlimited"));
    m_speedLimit->setToolTip(tr("For all downloads together"));

    m_processing = makeSpin(this, "processingJobsSpin", tr("Processing jobs at once"), Preferences::ProcessingJobsRange);
    m_processing->setSpecialValueText(tr("One per CPU core"));

    m_retries = makeSpin(this, "retriesSpin", tr("Retries"), Preferences::RetriesRange);
    m_stallTimeout = makeSpin(this, "stallTimeoutSpin", tr("Stall timeout"), Preferences::StallTimeoutRange);
    m_stallTimeout->setSuffix(tr(" s"));
    m_stallTimeout->setToolTip(tr("A download that receives nothing for this long is retried (%1 to %2 s)")
                                   .arg(Preferences::StallTimeoutRange.min)
                                   .arg(Preferences::StallTimeoutRange.max));

    m_onStart = new QComboBox(this);
    m_onStart->setObjectName(u"onStartCombo"_s);
    m_onStart->setAccessibleName(tr("Unfinished tasks on start"));
    m_onStart->addItem(tr("Resume them"), int(Preferences::OnStart::Resume));
    m_onStart->addItem(tr("Keep them paused"), int(Preferences::OnStart::KeepPaused));

    m_notifications = new QCheckBox(tr("&Notify when a task finishes or fails"), this);
    m_notifications->setObjectName(u"notificationsCheck"_s);
    m_notifications->setAccessibleName(tr("Notifications"));
    m_clipboard = new QCheckBox(tr("Offer to add &links copied to the clipboard"), this);
    m_clipboard->setObjectName(u"clipboardCheck"_s);
    m_clipboard->setAccessibleName(tr("Clipboard monitoring"));

    auto *downloads = new QGroupBox(tr("Downloads"), this);
    auto *downloadsForm = new QFormLayout(downloads);
    auto *folderLabel = new QLabel(tr("Download &folder:"), this);
    folderLabel->setBuddy(m_folder);  // a row holding a layout gets no buddy by itself
    downloadsForm->addRow(folderLabel, folderRow);
    downloadsForm->addRow(tr("Downloads at &once:"), m_downloads);
    downloadsForm->addRow(tr("Downloads per &server:"), m_perHost);
    downloadsForm->addRow(tr("&Connections per download:"), m_connections);
    downloadsForm->addRow(tr("Global speed &limit:"), m_speedLimit);
    downloadsForm->addRow(tr("&Retries:"), m_retries);
    downloadsForm->addRow(tr("Stall &timeout:"), m_stallTimeout);

    auto *processing = new QGroupBox(tr("Processing"), this);
    auto *processingForm = new QFormLayout(processing);
    processingForm->addRow(tr("Processing &jobs at once:"), m_processing);

    auto *desktop = new QGroupBox(tr("Behaviour"), this);
    auto *desktopForm = new QFormLayout(desktop);
    desktopForm->addRow(tr("Unfinished tasks on st&art:"), m_onStart);
    desktopForm->addRow(m_notifications);
    desktopForm->addRow(m_clipboard);

    m_problem = new QLabel(this);
    m_problem->setObjectName(u"problemLabel"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setVisible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel
                                         | QDialogButtonBox::RestoreDefaults,
                                     this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    // Only the controls: nothing changes until OK or Apply.
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] { setControls(Preferences()); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(downloads);
    layout->addWidget(processing);
    layout->addWidget(desktop);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    setControls(current);
}

void SettingsDialog::setControls(const Preferences &preferences)
{
    const Preferences p = preferences.clamped();
    m_folder->setText(p.downloadFolder);
    m_downloads->setValue(p.maxConcurrentDownloads);
    m_perHost->setValue(p.downloadsPerHost);
    m_connections->setValue(p.connectionsPerDownload);
    m_speedLimit->setValue(speedLimitKiB(p.speedLimit));
    m_processing->setValue(p.maxProcessingJobs);
    m_retries->setValue(p.retries);
    m_stallTimeout->setValue(p.stallTimeoutSeconds);
    m_onStart->setCurrentIndex(m_onStart->findData(int(p.onStart)));
    m_notifications->setChecked(p.notifications);
    m_clipboard->setChecked(p.clipboardMonitoring);
    validate();
}

Preferences SettingsDialog::preferences() const
{
    Preferences p = m_base;
    const QString folder = m_folder->text().trimmed();
    p.downloadFolder = folder.isEmpty() ? QString() : QDir::cleanPath(folder);
    p.maxConcurrentDownloads = m_downloads->value();
    p.downloadsPerHost = m_perHost->value();
    p.connectionsPerDownload = m_connections->value();
    // An untouched field keeps a limit that is not a whole number of KiB/s (from the settings file).
    if (m_speedLimit->value() != speedLimitKiB(m_base.speedLimit))
        p.speedLimit = qint64(m_speedLimit->value()) * 1024;
    p.maxProcessingJobs = m_processing->value();
    p.retries = m_retries->value();
    p.stallTimeoutSeconds = m_stallTimeout->value();
    p.onStart = Preferences::OnStart(m_onStart->currentData().toInt());
    p.notifications = m_notifications->isChecked();
    p.clipboardMonitoring = m_clipboard->isChecked();
    return p.clamped();
}

void SettingsDialog::validate()
{
    // String work only: whether the folder exists is the download's business (it reports it).
    const QString folder = m_folder->text().trimmed();
    const bool ok = folder.isEmpty() || QDir::isAbsolutePath(folder);
    m_problem->setText(ok ? QString() : tr("The download folder must be a full path, or empty for the system's."));
    m_problem->setVisible(!ok);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    m_buttons->button(QDialogButtonBox::Apply)->setEnabled(ok);
}

bool SettingsDialog::apply()
{
    validate();
    if (!m_buttons->button(QDialogButtonBox::Apply)->isEnabled())
        return false;
    m_base = preferences();
    Q_EMIT applied(m_base);
    return true;
}

void SettingsDialog::chooseFolder()
{
    const QString start = m_folder->text().trimmed().isEmpty()
                              ? QStandardPaths::writableLocation(QStandardPaths::DownloadLocation)
                              : m_folder->text().trimmed();
    auto *chooser = new QFileDialog(this, tr("Download Folder"), start);
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::Directory);
    chooser->setOption(QFileDialog::ShowDirsOnly);
    connect(chooser, &QFileDialog::fileSelected, m_folder, &QLineEdit::setText);
    chooser->open();
}

} // namespace Ferry
