#pragma once

#include <QObject>
#include <QPointer>

#include <functional>

class QMessageBox;
class QWidget;

namespace Ferry {

// The one way out of Ferry: Ctrl+Q, File > Quit, the window's close button and the tray's Quit all
// go through request(). With nothing running it approves at once; with work running it asks first,
// without a nested event loop (QMessageBox::open): "Quit and Resume Later" approves, "Cancel" leaves
// everything running. Unfinished tasks are saved by the engine as it stops and come back on the next
// start (queued, or paused if the user chose so).
class QuitGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuitGuard)

public:
    // unfinished: how many tasks a quit would interrupt, read on each request.
    // resumeOnStart: whether they continue by themselves next time (only changes the question's text).
    QuitGuard(std::function<int()> unfinished, std::function<bool()> resumeOnStart, QWidget *window);

    // Approves now, or asks; a second request while asking raises the question instead.
    void request();
    // Nothing would be interrupted, or the user already said yes.
    bool mayQuitNow() const { return m_approved || m_unfinished() == 0; }
    bool isApproved() const { return m_approved; }

Q_SIGNALS:
    // Once: the window saves its state and closes, the app quits.
    void approved();

private:
    void approve();
    void ask(int unfinished);

    std::function<int()> m_unfinished;
    std::function<bool()> m_resumeOnStart;
    QWidget *m_window;
    QPointer<QMessageBox> m_box;
    bool m_approved = false;
};

} // namespace Ferry
