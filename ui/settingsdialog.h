#pragma once

#include "config/preferences.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Ferry {

// The user's settings (Preferences) in one non-modal dialog. It edits a copy: OK and Apply hand the
// edited value out through applied() (clamped, the spin boxes already keep to Preferences' ranges);
// Cancel drops it. Fields it does not show (latencyOverlay) pass through unchanged. It neither saves
// nor reaches the engine itself: MainWindow saves through PreferencesStore and tells the engine.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    explicit SettingsDialog(const Preferences &current, QWidget *parent = nullptr);

    // What the controls say, clamped.
    Preferences preferences() const;

Q_SIGNALS:
    void applied(const Ferry::Preferences &preferences);

private:
    void setControls(const Preferences &preferences);
    bool apply();
    void validate();
    void chooseFolder();

    Preferences m_base;  // the fields the dialog does not show come from here
    QLineEdit *m_folder;
    QSpinBox *m_downloads;
    QSpinBox *m_perHost;
    QSpinBox *m_connections;
    QSpinBox *m_speedLimit;  // KiB/s, 0: unlimited
    QSpinBox *m_processing;
    QSpinBox *m_retries;
    QSpinBox *m_stallTimeout;
    QComboBox *m_onStart;
    QCheckBox *m_notifications;
    QCheckBox *m_clipboard;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Ferry
