#pragma once

#include <QPalette>

namespace Ferry {

// A dark palette for `ferry --dark`, for desktops whose theme gives Qt no dark palette of its own
// (Ferry otherwise follows the system palette). Every colour role a widget of Ferry's reads is set,
// for the active, inactive and disabled groups.
QPalette darkPalette();

// The background that marks wrong input (an invalid URL line): Qt 6.4's palette has no role for it, so
// it is the error hue (red) at a lightness taken from the palette's Base: pale on a light palette, deep
// on a dark one, so the text on it stays readable in both.
QColor negativeBackground(const QPalette &palette);

} // namespace Ferry
