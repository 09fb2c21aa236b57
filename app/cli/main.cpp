// ferry-cli: Ferry's download engine for scripts and benchmarks.
#include "clioptions.h"
#include "clirunner.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {

int g_signalPipe[2] = { -1, -1 };

void onSignal(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] const auto n = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ferry-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));

    // A file-size limit (setrlimit) must turn into a clear "file too large" error, not a dead process.
    std::signal(SIGXFSZ, SIG_IGN);

    QString error;
    auto options = Ferry::CliOptions::parse(app, &error);
    if (!options) {
        std::fprintf(stderr, "ferry-cli: %s\n", error.toLocal8Bit().constData());
        return 2;
    }

    Ferry::CliRunner runner(std::move(*options));

    // Ctrl+C and SIGTERM keep the partial files for the next run; the handler only writes to a pipe.
    if (::pipe(g_signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &runner, [&runner] {
            char byte = 0;
            [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
            std::fprintf(stderr, "ferry-cli: interrupted; run the same command again to resume\n");
            runner.interrupt(128 + byte);
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }

    if (!runner.start(&error)) {
        std::fprintf(stderr, "ferry-cli: %s\n", error.toLocal8Bit().constData());
        return 2;
    }
    return app.exec();
}
