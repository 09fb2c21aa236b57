#include "trayicon.h"

#include "tasktablemodel.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QMenu>
#include <QPainter>
#include <QPalette>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace Ferry {

TrayIcon::TrayIcon(const TaskTableModel *model, QWidget *window, QAction *quitAction, QObject *parent)
    : QObject(parent), m_model(model), m_window(window), m_baseIcon(QApplication::windowIcon()),
      m_hideOnClose(QSystemTrayIcon::isSystemTrayAvailable())
{
    Q_ASSERT(model && window && quitAction);
    if (m_baseIcon.isNull())
        m_baseIcon = window->style()->standardIcon(QStyle::SP_ArrowDown);

    m_menu = std::make_unique<QMenu>();
    m_menu->setObjectName(u"trayMenu"_s);
    m_toggleAction = m_menu->addAction(tr("&Hide Window"), this, &TrayIcon::toggleWindow);
    m_toggleAction->setObjectName(u"trayToggleAction"_s);
    m_menu->addSeparator();
    QAction *pause = m_menu->addAction(tr("&Pause All"), this, &TrayIcon::pauseAllRequested);
    pause->setObjectName(u"trayPauseAllAction"_s);
    QAction *resume = m_menu->addAction(tr("&Resume All"), this, &TrayIcon::resumeAllRequested);
    resume->setObjectName(u"trayResumeAllAction"_s);
    m_menu->addSeparator();
    m_menu->addAction(quitAction);
    connect(m_menu.get(), &QMenu::aboutToShow, this, [this] {
        m_toggleAction->setText(m_window->isVisible() ? tr("&Hide Window") : tr("&Show Window"));
    });

    m_tray = std::make_unique<QSystemTrayIcon>(m_baseIcon);
    m_tray->setContextMenu(m_menu.get());
    connect(m_tray.get(), &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            toggleWindow();
    });

    // Once per engine batch, like the status bar.
    connect(model, &TaskTableModel::totalsChanged, this, &TrayIcon::refresh);
    connect(model, &QAbstractItemModel::modelReset, this, &TrayIcon::refresh);
    m_window->installEventFilter(this);
    refresh();
}

TrayIcon::~TrayIcon()
{
    m_window->removeEventFilter(this);
}

void TrayIcon::show()
{
    m_tray->show();
    m_shown = true;
}

void TrayIcon::refresh()
{
    const TrayStatus status = TrayStatus::of(*m_model);
    if (status == m_status && m_shownPercent != -2)
        return;
    m_status = status;
    m_tray->setToolTip(status.toolTip());
    // Painting an icon costs more than a tooltip: only when the whole percent changes.
    if (const int percent = status.percent(); percent != m_shownPercent) {
        m_shownPercent = percent;
        m_tray->setIcon(progressIcon(m_baseIcon, percent, m_window->palette()));
    }
}

void TrayIcon::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
        return;
    }
    m_window->setWindowState(m_window->windowState() & ~Qt::WindowMinimized);
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Close
        && closeHidesToTray(event->spontaneous(), hidesOnClose())) {
        // Not a quit: the window's QuitGuard is not asked, and the work goes on.
        event->ignore();
        m_window->hide();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

QIcon TrayIcon::progressIcon(const QIcon &base, int percent, const QPalette &palette, int size)
{
    if (percent < 0)
        return base;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const int ring = std::max(2, size / 8);
    // The app icon inside the ring, so both stay readable at tray sizes.
    const QRect inner(ring + 1, ring + 1, size - 2 * (ring + 1), size - 2 * (ring + 1));
    base.paint(&painter, inner);
    const QRectF track = QRectF(0, 0, size, size).adjusted(ring / 2.0, ring / 2.0, -ring / 2.0, -ring / 2.0);
    painter.setPen(QPen(palette.color(QPalette::Mid), ring, Qt::SolidLine, Qt::FlatCap));
    painter.drawEllipse(track);
    painter.setPen(QPen(palette.color(QPalette::Highlight), ring, Qt::SolidLine, Qt::FlatCap));
    // Clockwise from twelve o'clock; angles are in sixteenths of a degree.
    painter.drawArc(track, 90 * 16, -std::clamp(percent, 0, 100) * 360 * 16 / 100);
    painter.end();
    return QIcon(pixmap);
}

} // namespace Ferry
