#pragma once

#include "tasktablemodel.h"

#include <QCoreApplication>
#include <QThread>

#include <memory>

namespace Ferry {

class DownloadManager;
class MainWindow;

// The one place that builds and wires the desktop app: the engine on its own thread, the queue model,
// the main window. Nothing else creates these or reaches for them globally. Construct it after
// QApplication and before exec(); destroying it stops the engine cleanly.
class Application final
{
    Q_DECLARE_TR_FUNCTIONS(Application)
    Q_DISABLE_COPY_MOVE(Application)

public:
    // arguments: `ferry [--dir DIR] [URL...]`; --help and --version print and exit.
    explicit Application(const QStringList &arguments);
    ~Application();

    static void registerMetaTypes();

private:
    struct Options
    {
        QString directory;
        QList<QUrl> urls;
    };
    static Options parseArguments(const QStringList &arguments);
    void startEngine();
    void connectWindow();
    void enqueue(const QList<DownloadRequest> &requests);

    QThread m_engineThread;
    DownloadManager *m_manager = nullptr;  // lives on m_engineThread and is deleted there
    TaskTableModel m_model;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace Ferry
