#include "trayicon.h"

#include "traystate.h"

#include <QAction>
#include <QColor>
#include <QMenu>
#include <QPainter>
#include <QPen>
#include <QPixmap>
#include <QSystemTrayIcon>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

// The UI module's window icon (resources/icons/confab-256.png) when it is linked in, the
// installed theme icon otherwise, and a plain disc when neither exists (tests, odd installs).
QPixmap basePixmap(int size)
{
    QPixmap pixmap(u":/qt/qml/Confab/UI/icons/confab.png"_s);
    if (pixmap.isNull())
        pixmap = QIcon::fromTheme(u"confab"_s).pixmap(size, size);
    if (pixmap.isNull()) {
        pixmap = QPixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x3d, 0x7a, 0xe0));
        painter.drawEllipse(QRectF(0, 0, size, size).adjusted(1, 1, -1, -1));
    }
    return pixmap.scaled(size, size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

} // namespace

TrayIcon::TrayIcon(TrayState *state, QObject *parent)
    : QObject(parent), m_state(state), m_menu(std::make_unique<QMenu>()), m_tray(new QSystemTrayIcon(this))
{
    m_openAction = m_menu->addAction(tr("Open Confab"));
    m_dndAction = m_menu->addAction(tr("Do not disturb"));
    m_dndAction->setCheckable(true);
    m_menu->addSeparator();
    m_quitAction = m_menu->addAction(tr("Quit"));
    m_tray->setContextMenu(m_menu.get());

    connect(m_openAction, &QAction::triggered, this, [this] {
        if (m_state)
            m_state->open();
    });
    connect(m_dndAction, &QAction::triggered, this, [this] {
        // The click has already flipped the check; the state stays the truth, and the app may
        // answer at once or later (dndActiveChanged).
        if (m_state)
            m_state->toggleDnd();
        updateDnd();
    });
    connect(m_quitAction, &QAction::triggered, this, [this] {
        if (m_state)
            m_state->quit();
    });
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (m_state && (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick))
            m_state->open();
    });

    if (m_state) {
        connect(m_state, &TrayState::iconNameChanged, this, &TrayIcon::updateIcon);
        connect(m_state, &TrayState::toolTipChanged, this, &TrayIcon::updateToolTip);
        connect(m_state, &TrayState::dndActiveChanged, this, &TrayIcon::updateDnd);
        connect(m_state, &TrayState::availableChanged, this, &TrayIcon::updateVisibility);
    }
    updateIcon();
    updateToolTip();
    updateDnd();
    updateVisibility();
}

TrayIcon::~TrayIcon()
{
    // The tray icon refers to the menu: let it go first.
    m_tray->setContextMenu(nullptr);
}

QIcon TrayIcon::iconFor(const QString &iconName)
{
    QIcon icon;
    for (const int size : { 16, 22, 24, 32, 48, 64 }) {
        QPixmap pixmap = basePixmap(size);
        QColor dot;
        if (iconName == u"confab-unread"_s)
            dot = QColor(0xe0, 0x3b, 0x3b); // red: something new
        else if (iconName == u"confab-offline"_s)
            dot = QColor(0x8a, 0x8a, 0x8a); // grey: not connected
        if (dot.isValid()) {
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            const qreal diameter = size * 0.45;
            const QRectF circle(size - diameter, size - diameter, diameter, diameter);
            // A white ring keeps the dot visible on the icon and on dark panels alike.
            painter.setPen(QPen(Qt::white, std::max(1.0, size / 16.0)));
            painter.setBrush(dot);
            painter.drawEllipse(circle.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        icon.addPixmap(pixmap);
    }
    return icon;
}

// Each reads the state through one local pointer: GCC's -O2 null-dereference analysis does not
// trust a QPointer checked and then dereferenced again.
void TrayIcon::updateIcon()
{
    const TrayState *state = m_state.data();
    m_tray->setIcon(iconFor(state ? state->iconName() : u"confab"_s));
}

void TrayIcon::updateToolTip()
{
    const TrayState *state = m_state.data();
    m_tray->setToolTip(state ? state->toolTip() : QString());
}

void TrayIcon::updateDnd()
{
    const TrayState *state = m_state.data();
    m_dndAction->setChecked(state != nullptr && state->dndActive());
}

void TrayIcon::updateVisibility()
{
    const TrayState *state = m_state.data();
    m_tray->setVisible(state != nullptr && state->available());
}

} // namespace confab::app
