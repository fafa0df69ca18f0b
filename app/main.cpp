// confab: the desktop app. Everything testable lives in the view-model library; this file only
// reads the launch configuration from the environment and wires the pieces together.
#include "client/clientengine.h"
#include "launchconfig.h"
#include "mainwindow.h"
#include "rootviewmodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkProxyFactory>
#include <QQmlApplicationEngine>
#include <QTextStream>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <variant>

Q_IMPORT_QML_PLUGIN(Confab_ViewModelsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_UIPlugin)

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QApplication::setApplicationName(u"confab"_s);
    QApplication::setApplicationDisplayName(u"Confab"_s);
    QApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    QApplication::setOrganizationName(u"Confab"_s);
    QApplication::setOrganizationDomain(u"confab.invalid"_s);
    QApplication::setDesktopFileName(u"confab"_s);
    {
        // --help and --version answer without a display, for packaging scripts and CI.
        QCoreApplication probe(argc, argv);
        QCommandLineParser parser;
        parser.setApplicationDescription(
            u"Confab desktop chat. Configured through the environment: CONFAB_RELAY_URL, CONFAB_USERNAME, "
            "CONFAB_ROOM (default room:general), and CONFAB_PASSWORD or CONFAB_PASSWORD_STDIN=1."_s);
        parser.addHelpOption();
        parser.addVersionOption();
        parser.process(probe);
    }

    const auto loaded = confab::app::LaunchConfig::fromEnvironment(
        QProcessEnvironment::systemEnvironment(), [] { return QTextStream(stdin).readLine(); });
    if (const QString *error = std::get_if<QString>(&loaded)) {
        std::fprintf(stderr, "confab: %s\n", qPrintable(*error));
        return 2;
    }
    const auto &config = std::get<confab::app::LaunchConfig>(loaded);

    // A QApplication, not a QGuiApplication: the tray icon (QSystemTrayIcon) needs Widgets.
    QApplication app(argc, argv);
    QNetworkProxyFactory::setUseSystemConfiguration(true); // the system proxy, unless an account chooses one
    QApplication::setWindowIcon(QIcon(u":/qt/qml/Confab/UI/icons/confab.png"_s));

    confab::client::ClientEngine engine;
    confab::app::RootViewModel root(&engine, config.stream);

    // Scripts and end-to-end tests wait for this line.
    QObject::connect(
        &engine, &confab::client::ClientEngine::authenticated, &app,
        [](const QString &userName) {
            std::fprintf(stdout, "confab: connected as %s\n", qPrintable(userName));
            std::fflush(stdout);
        },
        Qt::SingleShotConnection);

    QQmlApplicationEngine qml;
    if (!confab::app::loadMainWindow(qml, &root))
        return 1;
    root.start(config.relayUrl, config.userName, config.password);
    return QApplication::exec();
}
