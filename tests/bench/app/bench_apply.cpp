// bench_app_apply: 10,000 incoming messages applied the way the app applies them, and whether the
// UI keeps up. A stand-in relay in its own thread (FloodRelay) delivers live `message` frames over
// a real WebSocket; the real client code takes them: ClientEngine -> Account -> LocalStore (SQLite
// file) -> ChatViewModel -> MessageListModel, with the room open in the real ChatPage (QML,
// rendered offscreen unless QT_QPA_PLATFORM says otherwise). A 16 ms timer on the UI thread
// measures how long the event loop is away (the longest gap between its ticks): a frame missed at
// 60 Hz is a gap over 16 ms, a freeze a person notices is one over 100 ms.
//
// The search index catches up after the messages (indexed_ms: until it has; the stalls of that
// count too).
//
// Options: --messages N (10000), --burst B (frames the relay writes per turn, 100), --pause P
// (ms between bursts, 0: as fast as the socket takes them), --no-view (model only, as if a view
// showed the newest message), --scrolled-up (the person reads older messages meanwhile, so the
// room's window keeps every new message). Prints a
// summary line "apply: ..." that scripts/bench-app.sh parses.
#include "chat/chatviewmodel.h"
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/store/localstore.h"
#include "floodrelay.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(Confab_ChatPlugin)
Q_IMPORT_QML_PLUGIN(Confab_UIPlugin)

using namespace Qt::StringLiterals;
using confab::client::Account;

namespace {

const QString kRoom = u"room:big"_s;

// The longest time the UI thread's event loop was away, from the gaps between a timer's ticks.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kTickMs);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 longestGapMs() const { return m_longest; }
    int gapsOver(qint64 ms) const
    {
        return int(std::count_if(m_gaps.cbegin(), m_gaps.cend(), [ms](qint64 gap) { return gap > ms; }));
    }

private:
    static constexpr int kTickMs = 16;
    void tick()
    {
        const qint64 now = m_clock.elapsed();
        const qint64 gap = now - m_last;
        m_last = now;
        m_gaps.append(gap);
        m_longest = std::max(m_longest, gap);
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
    QList<qint64> m_gaps;
};

// Runs the event loop until `done` or `timeoutMs`.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

std::unique_ptr<QQuickWindow> showChatPage(QQmlEngine &engine, confab::app::ChatViewModel *chat)
{
    engine.addImportPath(u"qrc:/qt/qml"_s);
    QQmlComponent component(&engine);
    component.setData(R"(
import QtQuick
import Confab.UI
Window {
    id: window
    required property var chat
    width: 1100
    height: 720
    visible: true
    ChatPage { anchors.fill: parent; chat: window.chat }
}
)",
        QUrl(u"qrc:/bench/ChatWindow.qml"_s));
    QObject *object = component.createWithInitialProperties({ { u"chat"_s, QVariant::fromValue(chat) } });
    if (!object) {
        std::fprintf(
            stderr, "apply: the chat page failed to load: %s\n", qPrintable(component.errorString()));
        return nullptr;
    }
    return std::unique_ptr<QQuickWindow>(qobject_cast<QQuickWindow *>(object));
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Applying incoming messages to the store and the open room (a benchmark)."_s);
    parser.addHelpOption();
    const QCommandLineOption messagesOption(u"messages"_s, u"Messages delivered."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption burstOption(u"burst"_s, u"Frames per relay turn."_s, u"B"_s, u"100"_s);
    const QCommandLineOption pauseOption(u"pause"_s, u"Milliseconds between bursts."_s, u"P"_s, u"0"_s);
    const QCommandLineOption noViewOption(u"no-view"_s, u"Model only, no QML page."_s);
    const QCommandLineOption scrolledUpOption(
        u"scrolled-up"_s, u"The view does not follow the newest message."_s);
    parser.addOptions({ messagesOption, burstOption, pauseOption, noViewOption, scrolledUpOption });
    parser.process(app);
    const bool scrolledUp = parser.isSet(scrolledUpOption);
    const int count = std::max(1, parser.value(messagesOption).toInt());
    QLoggingCategory::setFilterRules(u"confab.*.info=false"_s);

    QThread relayThread;
    relayThread.setObjectName(u"relay"_s);
    auto *relay = new FloodRelay;
    relay->moveToThread(&relayThread);
    QObject::connect(&relayThread, &QThread::finished, relay, &QObject::deleteLater);
    QUrl url;
    QObject::connect(relay, &FloodRelay::listening, &app, [&url](const QUrl &u) { url = u; });
    relayThread.start();
    QMetaObject::invokeMethod(relay, &FloodRelay::start, Qt::QueuedConnection);
    const auto stopRelay = qScopeGuard([&] {
        relayThread.quit();
        relayThread.wait();
    });
    if (!waitFor([&] { return url.isValid(); }, 5000)) {
        std::fprintf(stderr, "apply: the stand-in relay did not start\n");
        return 1;
    }

    QTemporaryDir folder;
    confab::client::AccountSettings settings;
    settings.id = u"reader"_s;
    settings.relayUrl = url;
    settings.username = u"reader"_s;
    settings.rememberCredentials = false;
    Account account(settings, folder.path(), nullptr, nullptr);
    if (const std::optional<QString> problem = account.open()) {
        std::fprintf(stderr, "apply: %s\n", qPrintable(*problem));
        return 1;
    }
    bool caughtUp = false;
    QObject::connect(
        &account, &Account::catchUpFinished, &app, [&](const QString &s) { caughtUp |= s == kRoom; });
    account.subscribe(kRoom);
    account.signIn()->setPassword(u"secret"_s);
    account.start();
    if (!waitFor([&] { return caughtUp; }, 10000)) {
        std::fprintf(stderr, "apply: the account did not connect to the stand-in relay\n");
        return 1;
    }

    confab::app::ChatViewModel chat;
    chat.open(&account, kRoom);
    QQmlEngine engine;
    std::unique_ptr<QQuickWindow> window;
    int frames = 0;
    if (!parser.isSet(noViewOption)) {
        window = showChatPage(engine, &chat);
        if (!window)
            return 1;
        QObject::connect(window.get(), &QQuickWindow::frameSwapped, &app, [&frames] { ++frames; });
        if (!waitFor([&] { return frames > 0; }, 10000)) {
            std::fprintf(stderr, "apply: the chat page never rendered\n");
            return 1;
        }
    }
    // The page tells the view model whether it follows the newest message; stand in for it.
    chat.setAtNewest(!scrolledUp);
    if (scrolledUp && window) {
        // Keep it so: the page would set it back as the list follows new messages.
        QObject::connect(
            &chat, &confab::app::ChatViewModel::atNewestChanged, &chat, [&chat] { chat.setAtNewest(false); });
    }

    // Times: the last message stored (Account::messageArrived) and shown (the model's newest row).
    QElapsedTimer clock;
    qint64 storedMs = -1;
    qint64 shownMs = -1;
    int arrived = 0;
    QObject::connect(&account, &Account::messageArrived, &app, [&] {
        if (++arrived == count)
            storedMs = clock.elapsed();
    });
    // Connected after the chat view model's own connection, so this runs after its reload.
    QObject::connect(&account, &Account::streamChanged, &app, [&] {
        if (shownMs < 0 && chat.messages()->newestSeq() == count)
            shownMs = clock.elapsed();
    });

    StallMeter stalls;
    stalls.start();
    const int framesBefore = frames;
    clock.start();
    QMetaObject::invokeMethod(relay,
        [relay, count, burst = parser.value(burstOption).toInt(), pause = parser.value(pauseOption).toInt()] {
            relay->publish(kRoom, count, burst, pause);
        });
    const bool finished = waitFor([&] { return shownMs >= 0 && storedMs >= 0; }, 120000);
    // The search index follows in chunks once the messages stop coming: the time until it has
    // caught up (every message findable without a search having to index first), and its
    // stalls count too.
    const bool indexed
        = finished && waitFor([&] { return !account.store()->hasUnindexedMessages(); }, 120000);
    const qint64 indexedMs = clock.elapsed();
    // A little longer, so a stall right after the last message counts too.
    waitFor([] { return false; }, 300);
    stalls.stop();
    if (!finished) {
        std::fprintf(stderr, "apply: only %d of %d messages arrived within 120 s\n", arrived, count);
        return 1;
    }
    if (!indexed) {
        std::fprintf(stderr, "apply: the search index did not catch up within 120 s\n");
        return 1;
    }
    const int stored = account.store()->messageCount(kRoom);
    std::printf("apply: %d messages stored, %d rows in the open room's model, %d frames rendered meanwhile\n",
        stored, chat.messages()->count(), frames - framesBefore);
    std::printf("apply: messages=%d total_ms=%lld stored_ms=%lld indexed_ms=%lld max_stall_ms=%lld "
                "stalls_over_50ms=%d stalls_over_100ms=%d view=%s following=%s\n",
        count, static_cast<long long>(shownMs), static_cast<long long>(storedMs),
        static_cast<long long>(indexedMs), static_cast<long long>(stalls.longestGapMs()), stalls.gapsOver(50),
        stalls.gapsOver(100), window ? "chatpage" : "none", scrolledUp ? "no" : "yes");
    chat.close();
    window.reset();
    account.stop();
    return stored == count ? 0 : 1;
}
