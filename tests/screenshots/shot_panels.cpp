// Takes the README's screenshots of the live docks: the real main window, the engine on its own
// thread (EngineHost, as the app runs it) and the loopback test server, with downloads running at
// their own speed limits and hashing steps after them. Run under Xvfb by scripts/screenshots-panels.sh:
//   shot_panels <output folder>
// writes screenshot-details.png (the window, the details dock showing a download split over four
// connections) and screenshot-graph.png (the throughput dock) after 45 seconds of work.
#include "enginehost.h"
#include "mainwindow.h"
#include "support/testserver.h"
#include "taskdetailspanel.h"
#include "tasktablemodel.h"
#include "throughputpanel.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QPixmap>
#include <QScreen>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Ferry;
using namespace Ferry::Test;
using namespace Qt::StringLiterals;

namespace {

constexpr int ShotAtMs = 45000;  // the first download (48 s) still runs, the others came and went

struct Job
{
    int startMs;
    QString name;
    qint64 size;
    qint64 rate;  // bytes per second
    int connections;
};

bool save(QWidget *widget, const QString &path)
{
    const QPoint origin = widget->mapToGlobal(QPoint(0, 0)) - widget->window()->mapToGlobal(QPoint(0, 0));
    QWidget *window = widget->window();
    // The window's frame on screen, as the X server has it: a real window, not a render.
    const QPixmap shot = window->screen()->grabWindow(window->winId(), origin.x(), origin.y(), widget->width(),
                                                      widget->height());
    if (shot.isNull() || !shot.save(path)) {
        std::fprintf(stderr, "shot_panels: could not save %s\n", qPrintable(path));
        return false;
    }
    std::printf("%s (%dx%d)\n", qPrintable(path), shot.width(), shot.height());
    std::fflush(stdout);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"ferry-screenshots"_s);
    if (argc < 2) {
        std::fprintf(stderr, "usage: shot_panels <output folder>\n");
        return 2;
    }
    const QString out = QDir(QString::fromLocal8Bit(argv[1])).absolutePath();
    QTemporaryDir dir;
    TestServer server;
    if (!dir.isValid() || !server.listen() || !QDir().mkpath(out))
        return 1;

    const QList<Job> jobs{
        { 0, u"ubuntu-24.04-desktop-amd64.iso"_s, 120 << 20, 2'500'000, 4 },
        { 0, u"photos-2026-11.tar.gz"_s, 16 << 20, 3'000'000, 1 },
        { 5000, u"dataset-part1.zip"_s, 12 << 20, 2'000'000, 2 },
        { 12000, u"firmware-v3.2.bin"_s, 24 << 20, 4'000'000, 1 },
        { 24000, u"backup-2026-11-27.tar"_s, 24 << 20, 3'000'000, 1 },
        { 33000, u"talk-recording.mkv"_s, 32 << 20, 5'000'000, 2 },
    };
    for (const Job &job : jobs) {
        Resource resource(QByteArray(job.size, 'f'));
        resource.extraHeaders.append(qMakePair(QByteArray("Server"), QByteArray("nginx/1.22.1")));
        server.setResource(u"/"_s + job.name, resource);
    }

    EngineHost host;
    TaskTableModel model;
    host.connectModel(&model);
    MainWindow window(&model, dir.path(), nullptr, true);
    host.connectWindow(&window);
    host.openStore(dir.filePath(u"state/queue.db"_s));
    window.resize(1500, 950);
    window.show();

    for (const Job &job : jobs) {
        QTimer::singleShot(job.startMs, &window, [&, job] {
            DownloadRequest request;
            request.url = server.url(u"/"_s + job.name);
            request.directory = dir.path();
            request.connections = job.connections;
            request.rateLimit = job.rate;
            Recipe recipe;
            recipe.hashes = { HashAlgorithm::Sha256 };
            host.addPipelines({ request }, recipe);
        });
    }
    // The first download (row 0) is the one to show: split over four connections.
    QTimer::singleShot(1500, &window, [&] {
        if (model.rowCount() > 0)
            window.findChild<QTableView *>(u"taskView"_s)->selectRow(0);
        // Room for the details: the timeline has its own screenshot (scripts/screenshots.sh).
        if (auto *timeline = window.findChild<QDockWidget *>(u"timelineDock"_s))
            timeline->hide();
        auto *details = window.findChild<QDockWidget *>(u"detailsDock"_s);
        auto *throughput = window.findChild<QDockWidget *>(u"throughputDock"_s);
        window.resizeDocks({ details }, { 520 }, Qt::Horizontal);
        window.resizeDocks({ details, throughput }, { 600, 260 }, Qt::Vertical);
    });
    int status = 1;
    QTimer::singleShot(ShotAtMs, &window, [&] {
        const bool details = save(&window, out + u"/screenshot-details.png"_s);
        const bool graph = save(window.findChild<QDockWidget *>(u"throughputDock"_s), out + u"/screenshot-graph.png"_s);
        status = details && graph ? 0 : 1;
        // exit(), not quit() or close(): the window's quit guard would ask about the running download.
        QApplication::exit(status);
    });
    QApplication::exec();
    return status;
}
