#pragma once

#include <QIcon>
#include <QObject>
#include <QPointer>

#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace confab::app {

class TrayState;

// The system tray icon over a TrayState: the icon (Confab's, with a dot for unread or offline),
// the tooltip and the menu (Open, Do not disturb, Quit) follow the state, and the menu's choices
// and a click on the icon go back to it as requests. Visible only while the state says a tray is
// available. Needs a QApplication.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    explicit TrayIcon(TrayState *state, QObject *parent = nullptr);
    ~TrayIcon() override;

    // For the tray notifier, which shows its balloons from this icon.
    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }
    QMenu *menu() const { return m_menu.get(); }

    // The icon for an icon name of TrayState ("confab", "confab-unread", "confab-offline").
    static QIcon iconFor(const QString &iconName);

private:
    void updateIcon();
    void updateToolTip();
    void updateDnd();
    void updateVisibility();

    QPointer<TrayState> m_state;
    std::unique_ptr<QMenu> m_menu; // a widget: no QObject parent, owned here
    QSystemTrayIcon *m_tray = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_dndAction = nullptr;
    QAction *m_quitAction = nullptr;
};

} // namespace confab::app
