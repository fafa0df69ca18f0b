// confab: the desktop app. Everything testable lives in the view-model libraries; this file only
// reads the command line and the environment, builds the AppViewModel and shows the window.
#include "appviewmodel.h"
#include "apptranslator.h"
#include "client/account/account.h"
#include "client/credentialstore.h"
#include "launchconfig.h"
#include "mainwindow.h"
#include "platform/traystate.h"
#include "renderbackend.h"
#include "startupclock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QNetworkProxyFactory>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTextStream>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <optional>
#include <variant>

Q_IMPORT_QML_PLUGIN(Confab_ViewModelsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_PlatformPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ChatPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ListsPlugin)
Q_IMPORT_QML_PLUGIN(Confab_ShellPlugin)
Q_IMPORT_QML_PLUGIN(Confab_UIPlugin)

using namespace Qt::StringLiterals;

namespace {

// The folder from `variable` when set (tests, the demo), else the platform's usual place.
QString folder(const char *variable, QStandardPaths::StandardLocation location)
{
    const QString fromEnvironment = qEnvironmentVariable(variable);
    return fromEnvironment.isEmpty() ? QStandardPaths::writableLocation(location) : fromEnvironment;
}

} // namespace

int main(int argc, char *argv[])
{
    const confab::app::StartupClock startupClock;
    const qint64 mainStarted = startupClock.elapsedMs(); // the loader and static initialisers

    QApplication::setApplicationName(u"confab"_s);
    QApplication::setApplicationDisplayName(u"Confab"_s);
    QApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    QApplication::setOrganizationName(u"Confab"_s);
    QApplication::setOrganizationDomain(u"confab.invalid"_s);
    QApplication::setDesktopFileName(u"confab"_s);

    bool startMinimized = false;
    {
        // --help and --version answer without a display, for packaging scripts and CI.
        QCoreApplication probe(argc, argv);
        QCommandLineParser parser;
        parser.setApplicationDescription(
            u"Confab desktop chat and notifications.\n"
            "Quick start from the environment (scripts, demos): CONFAB_RELAY_URL, CONFAB_USERNAME, CONFAB_ROOM "
            "(default room:general), and CONFAB_PASSWORD or CONFAB_PASSWORD_STDIN=1. CONFAB_CONFIG_DIR and "
            "CONFAB_DATA_DIR replace the usual folders; CONFAB_REPORT_STARTUP=1 prints the time to the first frame."_s);
        parser.addHelpOption();
        parser.addVersionOption();
        const QCommandLineOption minimized(u"minimized"_s, u"Start in the tray (when the desktop has one)."_s);
        parser.addOption(minimized);
        parser.process(probe);
        startMinimized = parser.isSet(minimized);
    }

    // The quick start is optional: without CONFAB_RELAY_URL the app uses its saved accounts.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    std::optional<confab::app::LaunchConfig> quickStart;
    if (environment.contains(u"CONFAB_RELAY_URL"_s)) {
        const auto loaded = confab::app::LaunchConfig::fromEnvironment(
            environment, [] { return QTextStream(stdin).readLine(); });
        if (const QString *error = std::get_if<QString>(&loaded)) {
            std::fprintf(stderr, "confab: %s\n", qPrintable(*error));
            return 2;
        }
        quickStart = std::get<confab::app::LaunchConfig>(loaded);
    }

    // A QApplication, not a QGuiApplication: the tray icon (QSystemTrayIcon) needs Widgets.
    QApplication app(argc, argv);
    // Where the time to the first frame goes (CONFAB_REPORT_STARTUP=1): ms since the start.
    QList<std::pair<const char *, qint64>> phases { { "main", mainStarted },
        { "application", startupClock.elapsedMs() } };
    QApplication::setQuitOnLastWindowClosed(false); // the window may hide into the tray; quit() ends
    QNetworkProxyFactory::setUseSystemConfiguration(true); // the system proxy, unless an account chooses one
    QApplication::setWindowIcon(QIcon(u":/qt/qml/Confab/UI/icons/confab.png"_s));
    confab::app::applyRenderBackend(confab::app::chooseRenderBackend(
        environment, QGuiApplication::platformName(), confab::app::renderDeviceExists()));
    const std::unique_ptr<QTranslator> translator = confab::app::loadAppTranslator(QLocale::system());
    if (translator)
        QCoreApplication::installTranslator(translator.get());

    const QString configDir = folder("CONFAB_CONFIG_DIR", QStandardPaths::AppConfigLocation);
    const QString dataDir = folder("CONFAB_DATA_DIR", QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(configDir) || !QDir().mkpath(dataDir)) {
        std::fprintf(stderr, "confab: cannot create %s or %s\n", qPrintable(configDir), qPrintable(dataDir));
        return 1;
    }

    confab::client::CredentialStore keychain;
    confab::app::AppViewModel root(configDir, dataDir, &keychain);
    phases.append({ "view models", startupClock.elapsedMs() });
    QObject::connect(&root, &confab::app::AppViewModel::quitRequested, &app, &QCoreApplication::quit);

    // Scripts and end-to-end tests wait for this line.
    QObject::connect(
        &root, &confab::app::AppViewModel::accountConnected, &app,
        [](const QString &, const QString &userName) {
            std::fprintf(stdout, "confab: connected as %s\n", qPrintable(userName));
            std::fflush(stdout);
        },
        Qt::SingleShotConnection);

    if (const std::optional<QString> problem = root.load())
        std::fprintf(stderr, "confab: %s\n", qPrintable(*problem)); // shown in the window as well
    if (quickStart) {
        if (const std::optional<QString> error = root.quickStart(
                quickStart->relayUrl, quickStart->userName, quickStart->password, quickStart->stream)) {
            std::fprintf(stderr, "confab: %s\n", qPrintable(*error));
            return 2;
        }
    }

    const bool hidden = startMinimized && root.tray()->available();
    phases.append({ "accounts", startupClock.elapsedMs() });
    QQmlApplicationEngine qml;
    QQuickWindow *window = confab::app::loadMainWindow(qml, &root, !hidden);
    phases.append({ "window", startupClock.elapsedMs() });
    if (!window)
        return 1;
    if (qEnvironmentVariable("CONFAB_REPORT_STARTUP") == "1"_L1) {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, &app,
            [&startupClock, phases] {
                QStringList steps;
                for (const auto &[name, ms] : phases)
                    steps.append(u"%1 %2"_s.arg(QLatin1StringView(name)).arg(ms));
                std::fprintf(
                    stdout, "confab: startup (ms since the start): %s\n", qPrintable(steps.join(u", "_s)));
                std::fprintf(stdout, "confab: first frame %lld ms after %s\n",
                             static_cast<long long>(startupClock.elapsedMs()),
                             startupClock.fromProcessStart() ? "process start" : "main()");
                std::fflush(stdout);
            },
            // Measured as the frame is swapped (in the render thread when there is one), not when the
            // main thread gets to it.
            Qt::ConnectionType(Qt::DirectConnection | Qt::SingleShotConnection));
    }
    root.startAll();
    return QApplication::exec();
}
