#include "application.h"

#include "mainwindow.h"
#include "net/downloadmanager.h"

#include <QCommandLineParser>
#include <QDir>
#include <QLoggingCategory>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace Ferry {

namespace {

// Per-download log lines until the GUI has a log panel. Internal linkage: core may name its own.
Q_LOGGING_CATEGORY(lcEngineLog, "ferry.engine", QtInfoMsg)

QString defaultDownloadDirectory()
{
    const QString downloads = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    return downloads.isEmpty() ? QDir::homePath() : downloads;
}

// Runs on the engine thread.
void addAll(DownloadManager *manager, const QList<DownloadRequest> &requests)
{
    for (const DownloadRequest &request : requests)
        manager->add(request);
}

} // namespace

void Application::registerMetaTypes()
{
    // Qt 6 records the argument types of moc'ed signals itself; registering also makes the names (and
    // the DownloadId typedef) known to string-based lookups such as QMetaType::fromName.
    qRegisterMetaType<Ferry::DownloadId>("Ferry::DownloadId");
    qRegisterMetaType<QList<Ferry::DownloadId>>("QList<Ferry::DownloadId>");
    qRegisterMetaType<Ferry::DownloadRequest>();
    qRegisterMetaType<QList<Ferry::DownloadRequest>>();
    qRegisterMetaType<Ferry::DownloadSnapshot>();
    qRegisterMetaType<QList<Ferry::DownloadSnapshot>>();
}

Application::Options Application::parseArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Ferry downloads files and processes them."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dirOption({u"d"_s, u"dir"_s}, tr("Save downloads in <dir>."), tr("dir"));
    parser.addOption(dirOption);
    parser.addPositionalArgument(u"urls"_s, tr("http or https URLs to download."), tr("[URL...]"));
    parser.process(arguments);  // prints and exits on --help, --version or an unknown option

    Options options;
    options.directory = parser.isSet(dirOption) ? QDir(parser.value(dirOption)).absolutePath()
                                                : defaultDownloadDirectory();
    const ParsedUrls parsed = parseUrlLines(parser.positionalArguments());
    for (const QString &rejected : parsed.rejected)
        qWarning().noquote() << tr("Ignoring \"%1\": not an http or https URL.").arg(rejected);
    options.urls = parsed.urls;
    return options;
}

Application::Application(const QStringList &arguments)
{
    const Options options = parseArguments(arguments);  // first: --help must not start an engine
    registerMetaTypes();
    startEngine();

    m_window = std::make_unique<MainWindow>(&m_model, options.directory);
    connectWindow();
    m_window->show();

    QList<DownloadRequest> requests;
    for (const QUrl &url : options.urls) {
        DownloadRequest request;
        request.url = url;
        request.directory = options.directory;
        requests.append(request);
    }
    if (!requests.isEmpty())
        enqueue(requests);
}

Application::~Application()
{
    // The window goes first so no command can be sent to an engine that is stopping.
    m_window.reset();
    // The manager is deleted on its own thread when the loop ends (see startEngine): its destructor
    // aborts transfers and writes resume state. Blocking the GUI thread here is fine and wanted: the
    // window is gone, and returning from main() before the resume state is on disk would lose it.
    m_engineThread.quit();
    m_engineThread.wait();
}

void Application::startEngine()
{
    m_engineThread.setObjectName(u"ferry-engine"_s);
    m_engineThread.start();

    // Construct the manager on the engine thread itself rather than moveToThread() it afterwards: then
    // everything its constructor creates (timers, network objects), parented or not, belongs to the
    // engine thread. A throwaway object on that thread runs the constructor; the GUI thread waits the
    // few milliseconds this takes, before any window exists.
    auto *builder = new QObject;
    builder->moveToThread(&m_engineThread);
    QMetaObject::invokeMethod(
        builder,
        [this, builder] {
            m_manager = new DownloadManager;
            builder->deleteLater();
        },
        Qt::BlockingQueuedConnection);
    Q_ASSERT(m_manager);

    // Emitted on the engine thread as its loop ends; the deferred delete runs before the thread exits.
    QObject::connect(&m_engineThread, &QThread::finished, m_manager, &QObject::deleteLater);

    // Engine -> GUI: values only, queued onto the GUI thread.
    QObject::connect(m_manager, &DownloadManager::snapshotsChanged, &m_model,
                     &TaskTableModel::applySnapshots, Qt::QueuedConnection);
    QObject::connect(
        m_manager, &DownloadManager::logLine, &m_model,
        [](DownloadId id, const QString &line) { qCInfo(lcEngineLog).noquote() << id << line; },
        Qt::QueuedConnection);
}

void Application::connectWindow()
{
    // GUI -> engine: each command runs on the engine thread because the manager is the context object.
    DownloadManager *manager = m_manager;
    MainWindow *window = m_window.get();
    QObject::connect(
        window, &MainWindow::addRequested, manager,
        [manager](const QList<DownloadRequest> &requests) { addAll(manager, requests); },
        Qt::QueuedConnection);
    QObject::connect(
        window, &MainWindow::pauseRequested, manager,
        [manager](const QList<DownloadId> &ids) {
            for (DownloadId id : ids)
                manager->pause(id);
        },
        Qt::QueuedConnection);
    QObject::connect(
        window, &MainWindow::resumeRequested, manager,
        [manager](const QList<DownloadId> &ids) {
            for (DownloadId id : ids)
                manager->resume(id);
        },
        Qt::QueuedConnection);
    QObject::connect(
        window, &MainWindow::cancelRequested, manager,
        [manager](const QList<DownloadId> &ids) {
            for (DownloadId id : ids)
                manager->cancel(id);
        },
        Qt::QueuedConnection);

    QObject::connect(manager, &DownloadManager::downloadFinished, window, &MainWindow::showFinished,
                     Qt::QueuedConnection);
}

void Application::enqueue(const QList<DownloadRequest> &requests)
{
    DownloadManager *manager = m_manager;
    QMetaObject::invokeMethod(
        manager, [manager, requests] { addAll(manager, requests); }, Qt::QueuedConnection);
}

} // namespace Ferry
