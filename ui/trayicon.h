#pragma once

#include "traystatus.h"

#include <QIcon>
#include <QObject>

#include <memory>

class QAction;
class QMenu;
class QPalette;
class QSystemTrayIcon;
class QWidget;

namespace Ferry {

class TaskTableModel;

// The icon in the system tray: the app icon with a ring showing how far the unfinished downloads
// are, a tooltip with the counts and the speed (both refreshed at most once per engine batch), and a
// menu: show/hide the window, pause all, resume all, quit. Quit is the window's own quit action, so
// it takes the same path as Ctrl+Q.
//
// While the tray icon shows, closing the window from the window manager hides it to the tray
// instead; a close the program asks for (the quit action, through MainWindow's QuitGuard) still
// closes it. Create it where QSystemTrayIcon::isSystemTrayAvailable(); the model, window and action
// must outlive it.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    TrayIcon(const TaskTableModel *model, QWidget *window, QAction *quitAction, QObject *parent = nullptr);
    ~TrayIcon() override;

    void show();
    // Whether closing the window hides it while the icon shows: on where the platform has a tray.
    void setHideOnClose(bool on) { m_hideOnClose = on; }
    bool hidesOnClose() const { return m_hideOnClose && m_shown; }
    QSystemTrayIcon *trayIcon() const { return m_tray.get(); }
    QMenu *menu() const { return m_menu.get(); }
    const TrayStatus &status() const { return m_status; }

    // base with a ring for percent (0..100) around its edge in the palette's highlight colour over
    // a track in its mid colour; base unchanged for -1.
    static QIcon progressIcon(const QIcon &base, int percent, const QPalette &palette, int size = 64);

    // Whether a close event on the window hides it to the tray instead. Spontaneous: the window
    // manager's close button; the quit action's close() is not, and quits (MainWindow::quitApproved).
    static bool closeHidesToTray(bool spontaneous, bool hideOnClose) { return spontaneous && hideOnClose; }

Q_SIGNALS:
    void pauseAllRequested();
    void resumeAllRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();
    void toggleWindow();

    const TaskTableModel *m_model;
    QWidget *m_window;
    QIcon m_baseIcon;
    std::unique_ptr<QMenu> m_menu;  // a tray menu has no parent widget
    std::unique_ptr<QSystemTrayIcon> m_tray;
    QAction *m_toggleAction = nullptr;
    TrayStatus m_status;
    int m_shownPercent = -2;  // the ring last painted; -2: none yet
    bool m_hideOnClose;
    bool m_shown = false;
};

} // namespace Ferry
