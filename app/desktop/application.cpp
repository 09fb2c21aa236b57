#include "application.h"

#include "addurlsdialog.h"
#include "mainwindow.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

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
    options.directoryGiven = parser.isSet(dirOption);
    options.directory = options.directoryGiven ? QDir(parser.value(dirOption)).absolutePath()
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
    m_engine = std::make_unique<EngineHost>();
    m_engine->connectModel(&m_model);

    m_window = std::make_unique<MainWindow>(&m_model, options.directory, nullptr, options.directoryGiven);
    m_engine->connectWindow(m_window.get());
    // Queued on the engine thread before any add, so the last session's tasks come first.
    m_engine->openStore(storePath());
    m_window->show();

    QList<DownloadRequest> requests;
    for (const QUrl &url : options.urls) {
        DownloadRequest request;
        request.url = url;
        request.directory = options.directory;
        requests.append(request);
    }
    if (!requests.isEmpty())
        m_engine->addPipelines(requests, Recipe{});
}

Application::~Application()
{
    // The window goes first so no command can be sent to an engine that is stopping; the engine
    // host then waits for its thread (see ~EngineHost).
    m_window.reset();
    m_engine.reset();
}

} // namespace Ferry
