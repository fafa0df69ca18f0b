#pragma once

#include <QObject>

namespace confab::app {

// Whether the desktop prefers dark colours. On Linux the XDG desktop portal's
// org.freedesktop.appearance color-scheme setting is the answer (Qt 6.4 has no colour scheme
// API); until it answers, when it has no preference and on other systems, the lightness of the
// palette's window colour decides. Asking the portal never blocks: prefersDark() has an answer
// at once and prefersDarkChanged() follows when the portal's differs or the desktop changes.
class SystemTheme : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool prefersDark READ prefersDark NOTIFY prefersDarkChanged)

public:
    enum class Source {
        Desktop, // follow the desktop (portal, then palette)
        Manual, // only setPrefersDark() changes it (tests, stand-ins)
    };

    explicit SystemTheme(QObject *parent = nullptr);
    explicit SystemTheme(Source source, QObject *parent = nullptr);
    ~SystemTheme() override;

    bool prefersDark() const { return m_prefersDark; }
    // For Source::Manual; with Source::Desktop the next desktop change overrides it.
    void setPrefersDark(bool dark);

    // True once the desktop's answer is known (the portal replied, or it is known not to):
    // before that prefersDark() is the palette's guess.
    bool isResolved() const { return m_resolved; }
    // True when the portal gave a preference (not the palette fallback).
    bool followsPortal() const { return m_portalScheme != 0; }

Q_SIGNALS:
    void prefersDarkChanged();
    void resolved();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    friend class SystemThemePortal; // the Linux portal client (systemtheme_linux.cpp)

    // Per OS (systemtheme_linux.cpp / systemtheme_other.cpp): start asking the desktop.
    void startWatchingDesktop();
    // The portal's color-scheme: 0 no preference, 1 dark, 2 light (anything else: none).
    void setPortalScheme(uint scheme);
    void markResolved();
    void update();
    static bool paletteIsDark();

    Source m_source = Source::Desktop;
    bool m_prefersDark = false;
    bool m_resolved = false;
    uint m_portalScheme = 0;
    QObject *m_watcher = nullptr; // the OS part's helper, a child of this
};

} // namespace confab::app
