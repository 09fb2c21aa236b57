#pragma once

#include <QStringList>

class QWidget;

namespace Ferry::Test {

// Walks root and every widget below it that lives in root's window (popups and menus are their own
// windows) and returns one line per problem, naming the widget:
// - a control the Tab key reaches with no accessible name (neither setAccessibleName() nor the text
//   of a label whose buddy it is: what a screen reader would say is empty);
// - an input control or button the keyboard cannot reach (no Tab focus), except tool bar buttons,
//   which are reached through their actions' menus and shortcuts;
// - a label with a mnemonic ('&') but no buddy: it shows the '&' and its shortcut goes nowhere.
// Parts of a control (a line edit's clear button, a table's header) and Qt's own parts of a widget
// (object names starting "qt_", e.g. a spin box's line edit) are skipped: the control that owns them
// is checked.
QStringList accessibilityProblems(QWidget *root);

} // namespace Ferry::Test
