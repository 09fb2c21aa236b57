#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Ferry {

bool installTranslations(QCoreApplication *app, const QLocale &locale)
{
    // Both are small files read once before the first window exists.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    auto *ferry = new QTranslator(app);
    if (ferry->load(locale, u"ferry"_s, u"_"_s, u":/i18n"_s)) {
        QCoreApplication::installTranslator(ferry);
        return true;
    }
    delete ferry;
    return false;
}

} // namespace Ferry
