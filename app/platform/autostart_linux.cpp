// Linux (and other freedesktop systems): an XDG autostart entry,
// $XDG_CONFIG_HOME/autostart/confab.desktop, read by GNOME, KDE, Xfce and the rest at login.
#include "autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

// Characters that make the Exec key's parser need quotes (Desktop Entry spec, "The Exec key").
bool needsQuotes(const QString &argument)
{
    static const QString reserved = u" \t\n\"'\\><~|&;$*?#()`"_s;
    if (argument.isEmpty())
        return true;
    for (const QChar c : argument) {
        if (reserved.contains(c))
            return true;
    }
    return false;
}

// One argument as the Exec key wants it: quoted when needed with " ` $ \ escaped inside the
// quotes, then the string-value escaping (a backslash doubled again) and % doubled, as field codes
// start with %.
QString execArgument(const QString &argument, bool alwaysQuote)
{
    QString text = argument;
    if (alwaysQuote || needsQuotes(argument)) {
        QString quoted;
        for (const QChar c : argument) {
            if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
                quoted += u'\\';
            quoted += c;
        }
        text = u'"' + quoted + u'"';
    }
    text.replace(u"\\"_s, u"\\\\"_s);
    text.replace(u"%"_s, u"%%"_s);
    return text;
}

QString configHome()
{
    // The XDG base directory spec: a relative XDG_CONFIG_HOME is invalid and ignored.
    const QString fromEnvironment = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (!fromEnvironment.isEmpty() && QDir::isAbsolutePath(fromEnvironment))
        return fromEnvironment;
    return QDir::homePath() + u"/.config"_s;
}

class XdgAutostart : public Autostart
{
public:
    XdgAutostart(const QString &executablePath, const QStringList &arguments)
        : m_executablePath(executablePath), m_arguments(loginArguments(arguments))
    { }

    bool isEnabled() const override
    {
        QFile file(entryPath());
        if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
            return false;
        // An entry the user switched off in the desktop's settings stays on disk with one of
        // these keys; only [Desktop Entry] counts (actions have groups of their own).
        bool inMainGroup = false;
        while (!file.atEnd()) {
            const QString line = QString::fromUtf8(file.readLine(64 * 1024)).trimmed();
            if (line.startsWith(u'[')) {
                inMainGroup = line == u"[Desktop Entry]"_s;
                continue;
            }
            if (!inMainGroup)
                continue;
            const qsizetype equals = line.indexOf(u'=');
            if (equals <= 0)
                continue;
            const QString key = line.left(equals).trimmed();
            const QString value = line.mid(equals + 1).trimmed();
            if (key == u"Hidden"_s && value == u"true"_s)
                return false;
            if (key == u"X-GNOME-Autostart-enabled"_s && value == u"false"_s)
                return false;
        }
        return true;
    }

    std::optional<QString> setEnabled(bool enabled) override
    {
        return enabled ? writeEntry() : removeEntry();
    }

private:
    QString autostartFolder() const { return configHome() + u"/autostart"_s; }
    QString entryPath() const { return autostartFolder() + u"/confab.desktop"_s; }

    std::optional<QString> writeEntry() const
    {
        if (m_executablePath.contains(u'\n') || m_executablePath.contains(u'\r'))
            return QCoreApplication::translate(
                "Autostart", "Cannot start Confab on login: its program path contains a line break.");
        const QString folder = autostartFolder();
        const QFileInfo folderInfo(folder);
        if (folderInfo.exists() && !folderInfo.isDir())
            return QCoreApplication::translate(
                "Autostart", "Cannot start Confab on login: %1 is a file, not a folder.")
                .arg(folder);
        if (!QDir().mkpath(folder))
            return QCoreApplication::translate(
                "Autostart", "Cannot start Confab on login: the folder %1 could not be created.")
                .arg(folder);

        QStringList exec { execArgument(m_executablePath, true) };
        for (const QString &argument : m_arguments) {
            if (argument.contains(u'\n') || argument.contains(u'\r'))
                continue; // cannot be written on one line; never one of ours
            exec << execArgument(argument, false);
        }
        // Name and Icon match resources/confab.desktop, so the desktop shows the same entry.
        const QString entry = u"[Desktop Entry]\n"
                              u"Type=Application\n"
                              u"Name=Confab\n"
                              u"Comment=Real-time chat and notifications for your desktop\n"
                              u"Exec="_s
            + exec.join(u' ')
            + u"\n"
              u"Icon=confab\n"
              u"Terminal=false\n"
              u"X-GNOME-Autostart-enabled=true\n"_s;

        QSaveFile file(entryPath());
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
            return QCoreApplication::translate(
                "Autostart", "Cannot start Confab on login: %1 could not be written (%2).")
                .arg(entryPath(), file.errorString());
        file.write(entry.toUtf8());
        if (!file.commit())
            return QCoreApplication::translate(
                "Autostart", "Cannot start Confab on login: %1 could not be written (%2).")
                .arg(entryPath(), file.errorString());
        return std::nullopt;
    }

    std::optional<QString> removeEntry() const
    {
        QFile file(entryPath());
        if (!file.exists())
            return std::nullopt;
        if (!file.remove())
            return QCoreApplication::translate(
                "Autostart", "Cannot stop Confab from starting on login: %1 could not be removed (%2).")
                .arg(entryPath(), file.errorString());
        return std::nullopt;
    }

    QString m_executablePath;
    QStringList m_arguments;
};

} // namespace

std::unique_ptr<Autostart> Autostart::createForPlatform(
    const QString &executablePath, const QStringList &arguments)
{
    return std::make_unique<XdgAutostart>(executablePath, arguments);
}

} // namespace confab::app
