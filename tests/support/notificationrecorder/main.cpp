// confab-notification-recorder: a fake org.freedesktop.Notifications daemon for tests.
// Prints "ready" once it owns the name on the session bus, then one JSON line per Notify or
// CloseNotification call. Reads commands from stdin: "invoke <id> <action>", "close <id> [reason]".
// Exits when stdin closes (the test ended) or the bus goes away.
#include "notificationrecorder.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSocketNotifier>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        std::fprintf(stderr, "confab-notification-recorder: no session bus: %s\n",
            qPrintable(bus.lastError().message()));
        return 2;
    }
    NotificationRecorder recorder(bus);
    if (!bus.registerObject(u"/org/freedesktop/Notifications"_s, &recorder,
            QDBusConnection::ExportAllSlots | QDBusConnection::ExportAllSignals)) {
        std::fprintf(stderr, "confab-notification-recorder: cannot register the object\n");
        return 2;
    }
    if (!bus.registerService(u"org.freedesktop.Notifications"_s)) {
        std::fprintf(stderr, "confab-notification-recorder: cannot own org.freedesktop.Notifications: %s\n",
            qPrintable(bus.lastError().message()));
        return 2;
    }
    std::fputs("ready\n", stdout);
    std::fflush(stdout);

    QByteArray pending;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buffer[4096];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        pending.append(buffer, n);
        qsizetype end;
        while ((end = pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(pending.left(end)).trimmed();
            pending.remove(0, end + 1);
            if (!line.isEmpty() && !recorder.runCommand(line))
                std::fprintf(stderr, "confab-notification-recorder: unknown command: %s\n", qPrintable(line));
        }
    });
    return app.exec();
}
