#include "colorscheme.h"

#include <algorithm>

namespace Ferry {

QPalette darkPalette()
{
    // The one place with literal colours: this is the palette the rest of Ferry reads from.
    const QColor window(0x2d, 0x2f, 0x33);
    const QColor base(0x1f, 0x20, 0x23);
    const QColor alternate(0x27, 0x29, 0x2c);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabledText(0x80, 0x82, 0x86);
    const QColor highlight(0x3d, 0x7e, 0xd0);
    const QColor button(0x3a, 0x3c, 0x41);

    QPalette palette(button, window);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, alternate);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Light, button.lighter(150));
    palette.setColor(QPalette::Midlight, button.lighter(125));
    palette.setColor(QPalette::Mid, button.darker(125));
    palette.setColor(QPalette::Dark, button.darker(150));
    palette.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    palette.setColor(QPalette::Link, highlight.lighter(140));
    palette.setColor(QPalette::LinkVisited, highlight.lighter(120));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabledText);
    }
    palette.setColor(QPalette::Disabled, QPalette::Highlight, button);
    palette.setColor(QPalette::Disabled, QPalette::HighlightedText, disabledText);
    return palette;
}

QColor negativeBackground(const QPalette &palette)
{
    const int base = palette.color(QPalette::Base).lightness();
    constexpr int errorHue = 0;
    if (base < 128)
        return QColor::fromHsl(errorHue, 120, std::clamp(base + 45, 60, 110));
    return QColor::fromHsl(errorHue, 200, std::clamp(base - 35, 200, 230));
}

} // namespace Ferry
