#pragma once

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace confab::app {

// Starting Confab when the user logs in, the way each desktop expects it: a .desktop file in
// $XDG_CONFIG_HOME/autostart on Linux, the HKCU Run key on Windows, a LaunchAgent on macOS.
// The file or key is the truth (the user may remove it with the desktop's own tools), so
// isEnabled() reads it back every time instead of remembering what was set. An interface so
// that settings tests can use a stand-in.
class Autostart
{
public:
    virtual ~Autostart() = default;

    virtual bool isEnabled() const = 0;
    // Returns nothing on success, or what went wrong in plain words.
    virtual std::optional<QString> setEnabled(bool enabled) = 0;

    // The program started on login is `executablePath` with `arguments`; "--minimized" is
    // always among them (a login start goes to the tray, not in the user's face).
    static std::unique_ptr<Autostart> createForPlatform(
        const QString &executablePath, const QStringList &arguments = {});

protected:
    // `arguments` with "--minimized" first unless it is already there.
    static QStringList loginArguments(const QStringList &arguments);
};

} // namespace confab::app
