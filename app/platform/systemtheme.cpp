#include "systemtheme.h"

#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>
#include <QPalette>

namespace confab::app {

SystemTheme::SystemTheme(QObject *parent) : SystemTheme(Source::Desktop, parent) { }

SystemTheme::SystemTheme(Source source, QObject *parent) : QObject(parent), m_source(source)
{
    if (m_source == Source::Manual) {
        m_resolved = true;
        return;
    }
    m_prefersDark = paletteIsDark();
    // The palette can change under us (a desktop without the portal switching its theme).
    if (QCoreApplication::instance())
        QCoreApplication::instance()->installEventFilter(this);
    startWatchingDesktop();
}

SystemTheme::~SystemTheme() = default;

void SystemTheme::setPrefersDark(bool dark)
{
    if (m_prefersDark == dark)
        return;
    m_prefersDark = dark;
    Q_EMIT prefersDarkChanged();
}

bool SystemTheme::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == QCoreApplication::instance() && event->type() == QEvent::ApplicationPaletteChange)
        update();
    return QObject::eventFilter(watched, event);
}

void SystemTheme::setPortalScheme(uint scheme)
{
    m_portalScheme = (scheme == 1 || scheme == 2) ? scheme : 0;
    update();
}

void SystemTheme::markResolved()
{
    if (m_resolved)
        return;
    m_resolved = true;
    Q_EMIT resolved();
}

void SystemTheme::update()
{
    if (m_source == Source::Manual)
        return;
    if (m_portalScheme == 1)
        setPrefersDark(true);
    else if (m_portalScheme == 2)
        setPrefersDark(false);
    else
        setPrefersDark(paletteIsDark());
}

bool SystemTheme::paletteIsDark()
{
    // Only a GUI application has a palette; a console one (tests of other parts) is light.
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return false;
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

} // namespace confab::app
