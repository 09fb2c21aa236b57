#include "application.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QIcon>

int main(int argc, char *argv[])
{
    QElapsedTimer sinceMain;  // for the hidden --measure-startup
    sinceMain.start();
    QApplication qtApp(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Ferry"));
    QApplication::setOrganizationName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/ferry.svg")));

    Ferry::Application app(QApplication::arguments(), sinceMain);
    return QApplication::exec();
}
