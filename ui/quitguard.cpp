#include "quitguard.h"

#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Ferry {

QuitGuard::QuitGuard(std::function<int()> unfinished, std::function<bool()> resumeOnStart, QWidget *window)
    : QObject(window), m_unfinished(std::move(unfinished)), m_resumeOnStart(std::move(resumeOnStart)), m_window(window)
{
}

void QuitGuard::request()
{
    if (m_box) {
        m_box->raise();
        m_box->activateWindow();
        return;
    }
    if (const int n = m_unfinished(); n > 0 && !m_approved)
        ask(n);
    else
        approve();
}

void QuitGuard::approve()
{
    const bool first = !m_approved;
    m_approved = true;
    if (first)
        Q_EMIT approved();
}

void QuitGuard::ask(int unfinished)
{
    // Asked from the tray with the window hidden: the question is about the queue, so show it.
    if (m_window->isHidden())
        m_window->showNormal();
    const QString later = m_resumeOnStart()
                              ? tr("They keep what they have done and continue when Ferry starts again.")
                              : tr("They keep what they have done and wait, paused, for the next start.");
    m_box = new QMessageBox(QMessageBox::Question, tr("Quit Ferry"),
                            tr("%n task(s) are not finished yet.", "", unfinished), QMessageBox::Cancel, m_window);
    m_box->setObjectName(u"quitBox"_s);
    m_box->setInformativeText(later);
    m_box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *quit = m_box->addButton(tr("&Quit and Resume Later"), QMessageBox::AcceptRole);
    quit->setObjectName(u"quitLaterButton"_s);
    m_box->setDefaultButton(quit);
    connect(m_box, &QMessageBox::buttonClicked, this, [this, quit](QAbstractButton *clicked) {
        // After the box has finished closing: approving closes its window.
        if (clicked == quit)
            QMetaObject::invokeMethod(this, &QuitGuard::approve, Qt::QueuedConnection);
    });
    m_box->open();  // window-modal, no nested event loop
}

} // namespace Ferry
