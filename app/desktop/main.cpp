#include "application.h"
#include "translations.h"
#include "util/threadpriority.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <QThreadPool>

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;  // for the hidden --measure-startup
    sinceMain.start();
    QApplication qtApp(argc, argv);
    // This thread paints and answers the user: it takes the CPU first when it wakes (the workers
    // lower themselves, see core/util/threadpriority.h), and so do the threads Qt paints with.
    Ferry::requestShortTimeSlices();
    Ferry::requestShortTimeSlices(QThreadPool::globalInstance());
    QApplication::setApplicationName(QStringLiteral("Ferry"));
    QApplication::setOrganizationName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));
    // The id of packaging/: Wayland compositors and docks match the window to the .desktop file by it.
    QGuiApplication::setDesktopFileName(QStringLiteral(FERRY_APP_ID));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral(FERRY_APP_ID), QIcon(QStringLiteral(":/icons/ferry.svg"))));
    // Before anything builds a text, --help included: the system locale's catalogue and Qt's own.
    Ferry::installTranslations(&qtApp);

    Ferry::Application app(QApplication::arguments(), sinceMain);
    return QApplication::exec();
}
