#include "application.h"

#include "addurlsdialog.h"
#include "colorscheme.h"
#include "config/preferences.h"
#include "dbusnotifier.h"
#include "engine/taskengine.h"
#include "ipc/singleinstance.h"
#include "mainwindow.h"
#include "startupprobe.h"
#include "notificationpolicy.h"
#include "trayicon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDBusConnection>
#include <QDesktopServices>
#include <QDir>
#include <QStandardPaths>
#include <QTableView>
#include <QSystemTrayIcon>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

QString defaultDownloadDirectory()
{
    const QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return downloads.isEmpty() ? QDir::homePath() : downloads;
}

} // namespace

QString Application::storePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/queue.db"_s;
}

Application::Options Application::parseArguments(const QStringList &arguments, bool exitOnError)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Ferry downloads files and processes them."));
    const QCommandLineOption dirOption({u"d"_s, u"dir"_s}, tr("Save downloads in <dir>."), tr("dir"));
    parser.addOption(dirOption);
    QCommandLineOption measureOption(u"measure-startup"_s, tr("Print startup times and memory, then quit."));
    measureOption.setFlags(QCommandLineOption::HiddenFromHelp);  // for scripts/bench-responsiveness.sh
    parser.addOption(measureOption);
    const QCommandLineOption darkOption(u"dark"_s, tr("Use a dark colour scheme, whatever the desktop's."));
    parser.addOption(darkOption);
    parser.addPositionalArgument(u"urls"_s, tr("http or https URLs to download."), tr("[URL...]"));
    Options options;
    if (exitOnError) {
        parser.addHelpOption();
        parser.addVersionOption();
        parser.process(arguments);  // prints and exits on --help, --version or an unknown option
    } else if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    options.directoryGiven = parser.isSet(dirOption);
    options.measureStartup = parser.isSet(measureOption);
    options.dark = parser.isSet(darkOption);
    options.directory = options.directoryGiven ? QDir(parser.value(dirOption)).absolutePath() : QString();
    const ParsedUrls parsed = parseUrlLines(parser.positionalArguments());
    for (const QString &rejected : parsed.rejected)
        qWarning().noquote() << tr("Ignoring \"%1\": not an http or https URL.").arg(rejected);
    options.urls = parsed.urls;
    return options;
}

QStringList Application::handOverArguments(const Options &options)
{
    QStringList arguments{ u"ferry"_s };
    if (options.directoryGiven)
        arguments << u"--dir"_s << options.directory;
    for (const QUrl &url : options.urls)
        arguments << url.toString(QUrl::FullyEncoded);
    return arguments;
}

Application::Application(const QStringList &arguments, QElapsedTimer sinceMain)
    : m_options(parseArguments(arguments, true))  // first: --help must not start anything
    , m_sinceMain(sinceMain)
{
    if (m_options.dark) {
        // Fusion draws with the palette it is given; some platform styles take their own colours.
        QApplication::setStyle(u"Fusion"_s);
        QApplication::setPalette(darkPalette());
    }
    m_instance = std::make_unique<SingleInstance>();
    SingleInstance *instance = m_instance.get();
    QObject::connect(instance, &SingleInstance::decided, instance, [this](SingleInstance::Role role) {
        if (role == SingleInstance::Role::Primary)
            startPrimary();
        else
            handOver();
    });
    QObject::connect(instance, &SingleInstance::failed, instance, [this](const TaskError &error) {
        if (m_instance->role() == SingleInstance::Role::Secondary) {
            std::fprintf(stderr, "ferry: %s\n", qPrintable(error.toString()));
            QCoreApplication::exit(1);
            return;
        }
        // Cannot tell whether another Ferry runs: run anyway rather than not at all.
        qWarning().noquote() << tr("Running without the single-instance check: %1").arg(error.toString());
        if (!m_window)
            startPrimary();
    });
    QObject::connect(instance, &SingleInstance::sent, instance, [] { QCoreApplication::quit(); });
    QObject::connect(instance, &SingleInstance::messageReceived, instance,
                     [this](const QStringList &arguments) { receive(arguments); });
    instance->start();
}

Application::~Application()
{
    // The window goes first so no command can be sent to an engine that is stopping; the engine
    // host then waits for its thread (see ~EngineHost). The tray and notifications point at it.
    m_startupProbe.reset();
    m_tray.reset();
    m_notifications.reset();
    m_notifier.reset();
    m_window.reset();
    m_engine.reset();
}

void Application::startPrimary()
{
    const Preferences preferences = m_preferences.load();
    const QString directory = m_options.directoryGiven   ? m_options.directory
                              : !preferences.downloadFolder.isEmpty() ? preferences.downloadFolder
                                                                      : defaultDownloadDirectory();
    m_engine = std::make_unique<EngineHost>();
    m_engine->connectModel(&m_model);
    m_engine->applyPreferences(preferences);
    // Queued on the engine thread before any add, so the last session's tasks come first; before
    // the window is built, so the engine reads the store while the GUI thread builds and paints.
    m_engine->openStore(storePath(), preferences.onStart == Preferences::OnStart::Resume);

    m_window = std::make_unique<MainWindow>(&m_model, directory, nullptr, m_options.directoryGiven);
    m_window->setPreferencesStore(&m_preferences);
    // The tray keeps the app alive with the window closed, so an approved quit ends it explicitly.
    QObject::connect(m_window.get(), &MainWindow::quitApproved, QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
    m_engine->connectWindow(m_window.get());
    if (m_options.measureStartup) {
        if (!m_sinceMain.isValid())
            m_sinceMain.start();
        auto *view = m_window->findChild<QTableView *>(u"taskView"_s);
        m_startupProbe = std::make_unique<StartupProbe>(m_sinceMain, view->viewport(), m_engine.get());
    }
    startDesktopIntegration(preferences);
    m_window->show();
    addUrls(m_options);
}

void Application::startDesktopIntegration(const Preferences &preferences)
{
    MainWindow *window = m_window.get();
    // Connecting to the session bus waits a moment for Qt's D-Bus thread, before the window shows;
    // every call after that is asynchronous.
    m_notifier = std::make_unique<DBusNotifier>(QDBusConnection::sessionBus());
    m_notifications = std::make_unique<NotificationPolicy>(m_notifier.get(), &m_model,
                                                           [window] { return window->isActiveWindow(); });
    m_notifications->setEnabled(preferences.notifications);
    QObject::connect(window, &MainWindow::preferencesChanged, m_notifications.get(),
                     [this](const Preferences &changed) { m_notifications->setEnabled(changed.notifications); });
    m_engine->connectPolicy(m_notifications.get());
    QObject::connect(m_notifications.get(), &NotificationPolicy::showTaskRequested, window, &MainWindow::showTask);
    QObject::connect(m_notifications.get(), &NotificationPolicy::openRequested, window,
                     [](const QUrl &url) { QDesktopServices::openUrl(url); });

    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;  // no tray: closing the window quits (after QuitGuard), as without this
    m_tray = std::make_unique<TrayIcon>(&m_model, window, window->quitAction());
    TaskEngine *engine = m_engine->engine();
    QObject::connect(m_tray.get(), &TrayIcon::pauseAllRequested, engine, &TaskEngine::pauseAll, Qt::QueuedConnection);
    QObject::connect(m_tray.get(), &TrayIcon::resumeAllRequested, engine, &TaskEngine::resumeAll, Qt::QueuedConnection);
    m_tray->show();
}

void Application::handOver()
{
    m_instance->send(handOverArguments(m_options));
}

void Application::addUrls(const Options &options)
{
    QList<DownloadRequest> requests;
    for (const QUrl &url : options.urls) {
        DownloadRequest request;
        request.url = url;
        request.directory = options.directoryGiven ? options.directory : m_window->downloadDirectory();
        request.connections = m_window->preferences().connectionsPerDownload;
        requests.append(request);
    }
    m_window->addDownloads(requests);
}

// Another `ferry ...` handed over its arguments: add its URLs and come to the front.
void Application::receive(const QStringList &arguments)
{
    if (!m_window)
        return;
    const Options options = parseArguments(arguments, false);
    if (!options.error.isEmpty()) {
        m_window->showNotice(tr("Another Ferry passed arguments that were not understood: %1").arg(options.error));
        return;
    }
    addUrls(options);
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
}

} // namespace Ferry
