#pragma once

#include "enginehost.h"
#include "tasktablemodel.h"

#include <QCoreApplication>

#include <memory>

namespace Ferry {

class MainWindow;

// The one place that builds and wires the desktop app: the engine on its own thread (EngineHost), the
// queue model, the main window. Nothing else creates these or reaches for them globally. Construct it
// after QApplication and before exec(); destroying it stops the engine cleanly.
class Application final
{
    Q_DECLARE_TR_FUNCTIONS(Application)
    Q_DISABLE_COPY_MOVE(Application)

public:
    // arguments: `ferry [--dir DIR] [URL...]`; --help and --version print and exit.
    explicit Application(const QStringList &arguments);
    ~Application();

    // Where the queue survives restarts: AppDataLocation/queue.db.
    static QString storePath();

private:
    struct Options
    {
        QString directory;
        bool directoryGiven = false;
        QList<QUrl> urls;
    };
    static Options parseArguments(const QStringList &arguments);

    // Declared first so it is destroyed last: the window and model go before the engine stops.
    std::unique_ptr<EngineHost> m_engine;
    TaskTableModel m_model;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace Ferry
