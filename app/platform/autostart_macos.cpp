// macOS: a LaunchAgent, ~/Library/LaunchAgents/io.github.confab.Confab.plist with RunAtLoad,
// which launchd starts at login (System Settings lists it under Login Items).
#include "autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace confab::app {

namespace {

const auto agentLabel = u"io.github.confab.Confab"_s;

class LaunchAgentAutostart : public Autostart
{
public:
    LaunchAgentAutostart(const QString &executablePath, const QStringList &arguments)
        : m_executablePath(executablePath), m_arguments(loginArguments(arguments))
    { }

    bool isEnabled() const override { return QFile::exists(agentPath()); }

    std::optional<QString> setEnabled(bool enabled) override
    {
        if (!enabled) {
            QFile file(agentPath());
            if (file.exists() && !file.remove())
                return QCoreApplication::translate(
                    "Autostart", "Cannot stop Confab from starting on login: %1 could not be removed (%2).")
                    .arg(agentPath(), file.errorString());
            return std::nullopt;
        }
        if (!QDir().mkpath(agentFolder()))
            return QCoreApplication::translate(
                "Autostart", "Cannot start Confab on login: the folder %1 could not be created.")
                .arg(agentFolder());
        QString programArguments;
        for (const QString &argument : QStringList { m_executablePath } + m_arguments)
            programArguments += u"        <string>"_s + argument.toHtmlEscaped() + u"</string>\n"_s;
        const QString plist = u"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              u"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                              u"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                              u"<plist version=\"1.0\">\n"
                              u"<dict>\n"
                              u"    <key>Label</key>\n"
                              u"    <string>"_s
            + agentLabel
            + u"</string>\n"
              u"    <key>ProgramArguments</key>\n"
              u"    <array>\n"_s
            + programArguments
            + u"    </array>\n"
              u"    <key>RunAtLoad</key>\n"
              u"    <true/>\n"
              u"</dict>\n"
              u"</plist>\n"_s;
        QSaveFile file(agentPath());
        if (!file.open(QIODevice::WriteOnly) || file.write(plist.toUtf8()) < 0 || !file.commit())
            return QCoreApplication::translate(
                "Autostart", "Cannot start Confab on login: %1 could not be written (%2).")
                .arg(agentPath(), file.errorString());
        return std::nullopt;
    }

private:
    static QString agentFolder() { return QDir::homePath() + u"/Library/LaunchAgents"_s; }
    static QString agentPath() { return agentFolder() + u'/' + agentLabel + u".plist"_s; }

    QString m_executablePath;
    QStringList m_arguments;
};

} // namespace

std::unique_ptr<Autostart> Autostart::createForPlatform(
    const QString &executablePath, const QStringList &arguments)
{
    return std::make_unique<LaunchAgentAutostart>(executablePath, arguments);
}

} // namespace confab::app
