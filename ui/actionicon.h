#pragma once

#include <QIcon>
#include <QStyle>

namespace Ferry {

// The icon for an action: the icon theme's `name` where the theme has it (so Ferry looks native),
// else Ferry's own SVG (:/icons/actions/<name>.svg, from resources/icons/actions), else the style's
// standard pixmap `fallback`. Theme names follow the freedesktop.org icon naming specification.
QIcon actionIcon(const QString &name, QStyle::StandardPixmap fallback, const QStyle *style);

} // namespace Ferry
