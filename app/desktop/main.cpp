#include "application.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication qtApp(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Ferry"));
    QApplication::setOrganizationName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/ferry.svg")));

    Ferry::Application app(QApplication::arguments());
    return QApplication::exec();
}
