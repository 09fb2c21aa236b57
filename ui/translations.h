#pragma once

#include <QLocale>

class QCoreApplication;

namespace Ferry {

// Installs Ferry's catalogue (ferry_<lang>.qm, compiled into the resources from translations/) and
// Qt's own (qtbase_<lang>.qm from Qt's translations folder, for the standard dialogs and buttons) for
// locale on app. The translators are children of app. Call before any window is built: texts are
// translated when widgets are made. Returns whether Ferry's own catalogue had the language; English,
// the source language, has none and needs none.
bool installTranslations(QCoreApplication *app, const QLocale &locale = QLocale());

} // namespace Ferry
