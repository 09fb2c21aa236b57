#pragma once

#include "config/preferences.h"
#include "enginehost.h"
#include "tasktablemodel.h"

#include <QCoreApplication>
#include <QSettings>
#include <QElapsedTimer>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace Ferry {

class MainWindow;
class NotificationPolicy;
class Notifier;
struct Preferences;
class SingleInstance;
class StartupProbe;
class TrayIcon;

// The one place that builds and wires the desktop app: one instance per user (SingleInstance), the
// engine on its own thread (EngineHost), the queue model, the main window. Nothing else creates
// these or reaches for them globally. Construct it after QApplication and before exec(); destroying
// it stops the engine cleanly.
//
// A second `ferry URL...` finds the first through the local socket, hands it its arguments and
// quits; the first adds the URLs and raises its window.
class Application final
{
    Q_DECLARE_TR_FUNCTIONS(Application)
    Q_DISABLE_COPY_MOVE(Application)

public:
    // arguments: `ferry [--dir DIR] [--dark] [URL...]`; --help and --version print and exit.
    // sinceMain: started first thing in main(), for the hidden --measure-startup.
    explicit Application(const QStringList &arguments, QElapsedTimer sinceMain = {});
    ~Application();

    // Where the queue survives restarts: AppDataLocation/queue.db.
    static QString storePath();

private:
    struct Options
    {
        QString directory;
        bool directoryGiven = false;
        bool dark = false;  // --dark: Fusion with Ferry's dark palette instead of the system's
        QList<QUrl> urls;
        QString error;  // set for arguments that cannot be used (only from another instance)
        bool measureStartup = false;  // hidden: print startup times and memory, then quit
    };
    // exitOnError: print and exit on --help, --version or a bad option (our own command line);
    // otherwise the problem is returned in Options::error (another instance's arguments).
    static Options parseArguments(const QStringList &arguments, bool exitOnError);
    // What a second instance sends: its arguments with the folder made absolute.
    static QStringList handOverArguments(const Options &options);

    void startPrimary();
    void startDesktopIntegration(const Preferences &preferences);
    void handOver();
    void addUrls(const Options &options);
    void receive(const QStringList &arguments);

    Options m_options;
    // The app's settings file (QSettings' default location); everything else gets it passed in.
    QSettings m_settings;
    PreferencesStore m_preferences{m_settings};
    QElapsedTimer m_sinceMain;
    // Declared first so it is destroyed last: the window and model go before the engine stops.
    std::unique_ptr<EngineHost> m_engine;
    TaskTableModel m_model;
    std::unique_ptr<MainWindow> m_window;
    // Desktop notifications and the tray icon (where the platform has one); gone before the window.
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<NotificationPolicy> m_notifications;
    std::unique_ptr<TrayIcon> m_tray;
    std::unique_ptr<SingleInstance> m_instance;
    std::unique_ptr<StartupProbe> m_startupProbe;
};

} // namespace Ferry
