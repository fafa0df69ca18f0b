// Windows: a value named Confab under HKCU\Software\Microsoft\Windows\CurrentVersion\Run, the
// per-user list Explorer starts at login (and that Task Manager's Startup tab shows).
#include "autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

const auto runKey = u"HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"_s;
const auto valueName = u"Confab"_s;

QString quoted(const QString &argument)
{
    if (!argument.isEmpty() && !argument.contains(u' ') && !argument.contains(u'\t')
        && !argument.contains(u'"'))
        return argument;
    QString escaped = argument;
    escaped.replace(u"\""_s, u"\\\""_s);
    return u'"' + escaped + u'"';
}

class RunKeyAutostart : public Autostart
{
public:
    RunKeyAutostart(const QString &executablePath, const QStringList &arguments)
        : m_executablePath(QDir::toNativeSeparators(executablePath)), m_arguments(loginArguments(arguments))
    { }

    bool isEnabled() const override
    {
        const QSettings run(runKey, QSettings::NativeFormat);
        return !run.value(valueName).toString().isEmpty();
    }

    std::optional<QString> setEnabled(bool enabled) override
    {
        QSettings run(runKey, QSettings::NativeFormat);
        if (enabled) {
            QStringList command { u'"' + m_executablePath + u'"' };
            for (const QString &argument : m_arguments)
                command << quoted(argument);
            run.setValue(valueName, command.join(u' '));
        } else {
            run.remove(valueName);
        }
        run.sync();
        if (run.status() != QSettings::NoError)
            return enabled ? QCoreApplication::translate(
                       "Autostart", "Cannot start Confab on login: the registry refused the change.")
                           : QCoreApplication::translate("Autostart",
                               "Cannot stop Confab from starting on login: the registry refused the change.");
        return std::nullopt;
    }

private:
    QString m_executablePath;
    QStringList m_arguments;
};

} // namespace

std::unique_ptr<Autostart> Autostart::createForPlatform(
    const QString &executablePath, const QStringList &arguments)
{
    return std::make_unique<RunKeyAutostart>(executablePath, arguments);
}

} // namespace confab::app
