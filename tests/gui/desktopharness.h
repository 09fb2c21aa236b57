#pragma once

#include "enginehost.h"
#include "mainwindow.h"
#include "tasktablemodel.h"

#include <QAbstractItemModelTester>
#include <QString>

#include <memory>

namespace Ferry::Test {

// The desktop app as app/ wires it, for tests that drive the whole window: the engine on its own
// thread, the task model under QAbstractItemModelTester, and the main window over a downloads folder.
struct DesktopHarness
{
    std::unique_ptr<EngineHost> host;
    std::unique_ptr<TaskTableModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
    std::unique_ptr<MainWindow> window;

    DesktopHarness() = default;
    ~DesktopHarness() { stop(); }
    Q_DISABLE_COPY_MOVE(DesktopHarness)

    // Builds the engine, the model and the window, and shows the window (no store yet).
    void start(const QString &downloadFolder);
    // Opens the store and waits until the engine has loaded it: the error it reported, empty when none.
    QString openStore(const QString &path);
    // The window first, then the engine (whose thread saves the queue), then the model.
    void stop();
};

} // namespace Ferry::Test
