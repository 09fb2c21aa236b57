#include "accessibilityaudit.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextEdit>
#include <QToolBar>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Ferry::Test {

namespace {

bool isQtInternal(const QWidget *widget, const QWidget *root)
{
    for (const QWidget *w = widget; w && w != root; w = w->parentWidget()) {
        if (w->objectName().startsWith(u"qt_"_s))
            return true;
    }
    return false;
}

// Something a user operates: it must be reachable by keyboard.
bool isControl(const QWidget *widget)
{
    if (qobject_cast<const QScrollBar *>(widget))
        return false;  // scrolled with the keys of the view it belongs to
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QLineEdit *>(widget)
           || qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QTextEdit *>(widget)
           || qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QAbstractItemView *>(widget)
           || qobject_cast<const QComboBox *>(widget) || qobject_cast<const QAbstractSlider *>(widget);
}

// A part of another control (a line edit's clear button, a table's header or corner button): the
// keyboard reaches it through its owner, which is checked itself.
bool isPartOfControl(const QWidget *widget, const QWidget *root)
{
    for (const QWidget *w = widget->parentWidget(); w && w != root; w = w->parentWidget()) {
        if (isControl(w))
            return true;
    }
    return false;
}

bool isInToolBar(const QWidget *widget)
{
    return qobject_cast<const QToolBar *>(widget->parentWidget());
}

QString describe(const QWidget *widget)
{
    QString text = QString::fromLatin1(widget->metaObject()->className());
    if (!widget->objectName().isEmpty())
        text += u" \""_s + widget->objectName() + u'"';
    if (const auto *button = qobject_cast<const QAbstractButton *>(widget); button && !button->text().isEmpty())
        text += u" ("_s + button->text() + u')';
    return text;
}

} // namespace

QStringList accessibilityProblems(QWidget *root)
{
    QList<QWidget *> widgets{root};
    widgets += root->findChildren<QWidget *>();
    QStringList problems;
    for (const QWidget *widget : std::as_const(widgets)) {
        if (widget->window() != root || isQtInternal(widget, root) || isPartOfControl(widget, root))
            continue;
        if (const auto *label = qobject_cast<const QLabel *>(widget); label && !label->buddy()
            && label->textFormat() != Qt::RichText && QString(label->text()).remove(u"&&"_s).contains(u'&')) {
            problems.append(describe(widget) + u" \""_s + label->text() + u"\": a mnemonic with no buddy"_s);
            continue;
        }
        const bool tabReachable = widget->focusPolicy() & Qt::TabFocus;
        if (tabReachable) {
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(const_cast<QWidget *>(widget));
            if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
                problems.append(describe(widget) + u": no accessible name and no label"_s);
        } else if (isControl(widget) && !isInToolBar(widget)) {
            problems.append(describe(widget) + u": not reachable with the Tab key"_s);
        }
    }
    return problems;
}

} // namespace Ferry::Test
