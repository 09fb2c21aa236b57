#include "actionicon.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace Ferry {

QIcon actionIcon(const QString &name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    if (QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    // A resource lookup: memory, not disk.
    if (const QString own = u":/icons/actions/"_s + name + u".svg"_s; QFile::exists(own))
        return QIcon(own);
    return style->standardIcon(fallback);
}

} // namespace Ferry
