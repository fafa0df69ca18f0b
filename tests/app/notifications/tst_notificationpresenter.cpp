// Desktop notifications end to end: a real relay, alice's Account receiving what bob sends, the
// presenter deciding, the Linux notifier sending to a real notification daemon on a private bus
// (confab-notification-recorder). Do not disturb lets only urgent ones through, with their
// buttons; a mention raises one; a click opens the stream; a catch-up is one summary.
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/store/localstore.h"
#include "notificationrecorderprocess.h"
#include "notifications/notificationpresenter.h"
#include "platform/freedesktopnotifier.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab::app;
using namespace confab::client;
using Phase = ConnectionStatus::Phase;

namespace {

constexpr int kLongWait = 30000;
const QString kTopic = u"topic:alerts"_s;
const QString kRoom = u"room:general"_s;

NotificationDraft draft(const QString &title, int priority)
{
    NotificationDraft d;
    d.title = title;
    d.body = u"details: <b>%1</b>"_s.arg(title);
    d.priority = priority;
    return d;
}

// A one-request-per-connection HTTP endpoint for "http" action buttons: records each request
// (head and body) and answers 200.
class HttpRecorder : public QObject
{
public:
    HttpRecorder()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { read(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString url(const QString &path) const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(m_server.serverPort()).arg(path);
    }
    QByteArrayList requests; // "METHOD /path\nbody"

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QByteArray head = buffer.left(headEnd);
        qsizetype length = 0;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < headEnd + 4 + length)
            return;
        const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
        requests << requestLine.value(0) + ' ' + requestLine.value(1) + '\n'
                + buffer.mid(headEnd + 4, length);
        m_buffers.remove(socket);
        socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace

class TestNotificationPresenter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void dndLetsOnlyUrgentThroughWithButtons();
    void mentionRaisesAndClickOpensTheStream();
    void buttonsRunTheirActions();
    void catchUpAfterOfflineIsOneSummary();
    void theConversationBeingReadRaisesNothing();

private:
    std::unique_ptr<Account> makeAccount(const QString &user);
    static bool waitConnected(Account &account);
    // Publishes as bob and waits until the relay acknowledged it.
    bool publish(const NotificationDraft &notification);

    QTemporaryDir m_dir;
    RelayProcess m_relay;
    NotificationRecorderProcess m_recorder;
    std::unique_ptr<FreedesktopNotifier> m_notifier;
    std::unique_ptr<NotificationPresenter> m_presenter;
    std::unique_ptr<Account> m_alice;
    std::unique_ptr<Account> m_bob;
};

std::unique_ptr<Account> TestNotificationPresenter::makeAccount(const QString &user)
{
    AccountSettings settings;
    settings.id = u"id-"_s + user;
    settings.relayUrl = m_relay.url();
    settings.username = user;
    settings.rememberCredentials = false;
    auto account = std::make_unique<Account>(settings, m_dir.filePath(user), nullptr, nullptr);
    ReconnectPolicy policy;
    policy.initial = std::chrono::milliseconds(20);
    policy.cap = std::chrono::milliseconds(300);
    account->supervisor()->setPolicy(policy);
    if (const std::optional<QString> error = account->open()) {
        qWarning("cannot open the account: %s", qPrintable(*error));
        return nullptr;
    }
    account->signIn()->setPassword(relayadmin::passwordOf(user));
    account->start();
    return account;
}

bool TestNotificationPresenter::waitConnected(Account &account)
{
    return QTest::qWaitFor([&] { return account.connectionStatus().phase == Phase::Connected; }, kLongWait);
}

bool TestNotificationPresenter::publish(const NotificationDraft &notification)
{
    const QString key = m_bob->publish(kTopic, notification);
    return !key.isEmpty()
        && QTest::qWaitFor([&] { return !m_bob->store()->outboxEntry(key).has_value(); }, kLongWait);
}

void TestNotificationPresenter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"general"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"alerts"_s, { u"bob"_s }, { u"alice"_s }));
    m_relay.setExtraArguments(relayadmin::pipeliningLimits());
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    QVERIFY2(m_recorder.start(), qPrintable(m_recorder.errorString()));

    m_notifier = std::make_unique<FreedesktopNotifier>();
    m_presenter = std::make_unique<NotificationPresenter>(m_notifier.get());
    m_presenter->setUrlOpener([](const QUrl &) { return true; }); // no browser here

    m_alice = makeAccount(u"alice"_s);
    m_bob = makeAccount(u"bob"_s);
    QVERIFY(m_alice && m_bob);
    m_presenter->addAccount(m_alice.get());
    m_alice->subscribe(kTopic);
    m_alice->subscribe(kRoom);
    m_bob->subscribe(kRoom);
    QVERIFY(waitConnected(*m_alice));
    QVERIFY(waitConnected(*m_bob));
    QTRY_VERIFY_WITH_TIMEOUT(m_alice->store()->cursor(kTopic).has_value(), kLongWait);
    QTRY_VERIFY_WITH_TIMEOUT(m_alice->store()->cursor(kRoom).has_value(), kLongWait);
    QTRY_VERIFY_WITH_TIMEOUT(m_bob->store()->cursor(kRoom).has_value(), kLongWait);
}

void TestNotificationPresenter::cleanupTestCase()
{
    m_presenter.reset();
    m_alice.reset();
    m_bob.reset();
    m_recorder.stop();
    QVERIFY(m_relay.terminate());
}

void TestNotificationPresenter::init()
{
    m_presenter->setRules(NotificationRules {});
}

void TestNotificationPresenter::dndLetsOnlyUrgentThroughWithButtons()
{
    NotificationRules rules;
    rules.dnd.mode = DoNotDisturb::Now;
    m_presenter->setRules(rules);
    const int before = int(m_recorder.notifications().size());
    QSignalSpy suppressed(m_presenter.get(), &NotificationPresenter::suppressed);
    QSignalSpy shown(m_presenter.get(), &NotificationPresenter::shown);

    QVERIFY(publish(draft(u"Nightly build slow"_s, 3)));
    QTRY_VERIFY_WITH_TIMEOUT(!suppressed.isEmpty(), kLongWait);
    QCOMPARE(suppressed.at(0).at(0).toString(), u"dnd"_s);

    NotificationDraft urgent = draft(u"Database down"_s, 5);
    confab::protocol::NotificationAction restart;
    restart.action = confab::protocol::NotificationActionKind::Http;
    restart.label = u"Restart"_s;
    restart.url = u"https://ops.example/restart"_s;
    restart.method = confab::protocol::HttpMethod::Get;
    confab::protocol::NotificationAction logs;
    logs.action = confab::protocol::NotificationActionKind::View;
    logs.label = u"Logs"_s;
    logs.url = u"https://logs.example/db"_s;
    urgent.actions = { restart, logs };
    QVERIFY(publish(urgent));

    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kLongWait)));
    const auto record = m_recorder.notifications().at(before);
    QCOMPARE(record.summary, u"Database down"_s); // the priority-3 one never reached the desktop
    QCOMPARE(record.urgency, 2);
    QCOMPARE(record.body, u"details: &lt;b&gt;Database down&lt;/b&gt;"_s);
    QCOMPARE(record.actionLabels(), (QStringList { u"Open"_s, u"Restart"_s, u"Logs"_s }));
    QCOMPARE(record.actionIds().first(), u"default"_s);
    QCOMPARE(shown.count(), 1);
}

void TestNotificationPresenter::mentionRaisesAndClickOpensTheStream()
{
    const int before = int(m_recorder.notifications().size());
    QSignalSpy suppressed(m_presenter.get(), &NotificationPresenter::suppressed);
    QSignalSpy arrived(m_alice.get(), &Account::messageArrived);
    m_bob->sendMessage(kRoom, u"lunch anyone?"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!suppressed.isEmpty(), kLongWait); // no mention, not a DM
    m_bob->sendMessage(kRoom, u"@alice can you look at the build?"_s);
    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kLongWait)));
    const auto record = m_recorder.notifications().at(before);
    QCOMPARE(record.summary, u"bob in #general"_s);
    QCOMPARE(record.body, u"@alice can you look at the build?"_s);
    QCOMPARE(record.urgency, 1);
    QCOMPARE(record.hints.value("category"_L1).toString(), u"im.received"_s);

    QTRY_COMPARE_WITH_TIMEOUT(arrived.count(), 2, kLongWait);
    const qint64 seq = arrived.at(1).at(0).value<StoredMessage>().seq;
    QSignalSpy open(m_presenter.get(), &NotificationPresenter::openRequested);
    m_recorder.invoke(record.id, u"default"_s);
    QVERIFY(open.wait(10000));
    QCOMPARE(open.at(0).at(0).toString(), u"id-alice"_s);
    QCOMPARE(open.at(0).at(1).toString(), kRoom);
    QCOMPARE(open.at(0).at(2).toLongLong(), seq);
}

void TestNotificationPresenter::buttonsRunTheirActions()
{
    const int before = int(m_recorder.notifications().size());
    NotificationDraft notification = draft(u"Disk 91%"_s, 4);
    confab::protocol::NotificationAction check;
    check.action = confab::protocol::NotificationActionKind::Http;
    check.label = u"Restart"_s;
    HttpRecorder endpoint;
    check.url = endpoint.url(u"/hooks/restart"_s);
    check.method = confab::protocol::HttpMethod::Post;
    check.body = u"service=db"_s;
    confab::protocol::NotificationAction view;
    view.action = confab::protocol::NotificationActionKind::View;
    view.label = u"Dashboard"_s;
    view.url = u"https://dash.example/disk"_s;
    notification.actions = { check, view };
    QList<QUrl> opened;
    m_presenter->setUrlOpener([&opened](const QUrl &url) {
        opened << url;
        return true;
    });
    QVERIFY(publish(notification));
    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kLongWait)));
    const auto record = m_recorder.notifications().at(before);
    QCOMPARE(record.urgency, 2);

    QSignalSpy invoked(m_presenter.get(), &NotificationPresenter::actionInvoked);
    QSignalSpy finished(m_presenter.get(), &NotificationPresenter::actionFinished);
    QCOMPARE(record.actionLabels(), (QStringList { u"Open"_s, u"Restart"_s, u"Dashboard"_s }));
    m_recorder.invoke(record.id, record.actionIds().at(1)); // "Restart": an HTTP POST to the hook
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).toString(), u"Restart"_s);
    QCOMPARE(finished.at(0).at(1).toString(), QString()); // the request succeeded
    QCOMPARE(endpoint.requests, QByteArrayList { "POST /hooks/restart\nservice=db" });
    m_recorder.invoke(record.id, record.actionIds().at(2)); // "Dashboard": opens the URL
    QTRY_COMPARE(invoked.count(), 2);
    QCOMPARE(invoked.at(1).at(0).toString(), u"Dashboard"_s);
    QCOMPARE(opened, QList<QUrl> { QUrl(u"https://dash.example/disk"_s) });
    m_presenter->setUrlOpener([](const QUrl &) { return true; });
}

void TestNotificationPresenter::catchUpAfterOfflineIsOneSummary()
{
    m_alice->stop();
    QTRY_VERIFY_WITH_TIMEOUT(m_alice->connectionStatus().phase == Phase::Idle, kLongWait);
    for (int i = 1; i <= 20; ++i)
        QVERIFY(publish(draft(u"Job %1 finished"_s.arg(i), i == 12 ? 4 : 3)));

    const int before = int(m_recorder.notifications().size());
    QSignalSpy caughtUp(m_alice.get(), &Account::catchUpFinished);
    m_alice->start();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const auto &args : caughtUp)
                if (args.at(0).toString() == kTopic)
                    return true;
            return false;
        }(),
        kLongWait);
    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kLongWait)));
    const auto summary = m_recorder.notifications().at(before);
    QCOMPARE(summary.summary, u"20 new notifications in alerts"_s);
    QCOMPARE(summary.urgency, 2); // the highest in the batch (4)
    QVERIFY(summary.body.startsWith(u"Job 20 finished"_s));

    // Live again: the next one shows on its own, and nothing else came in between.
    QVERIFY(publish(draft(u"Live again"_s, 3)));
    QVERIFY(m_recorder.waitForCount(before + 2, std::chrono::milliseconds(kLongWait)));
    QCOMPARE(m_recorder.notifications().size(), before + 2);
    QCOMPARE(m_recorder.notifications().at(before + 1).summary, u"Live again"_s);
}

void TestNotificationPresenter::theConversationBeingReadRaisesNothing()
{
    // Bob writes in the DM alice has open in front of her: no desktop notification for what she
    // is reading; once she looks at another conversation, his next message raises one.
    const int before = int(m_recorder.notifications().size());
    QSignalSpy suppressed(m_presenter.get(), &NotificationPresenter::suppressed);
    QSignalSpy shown(m_presenter.get(), &NotificationPresenter::shown);
    StoredMessage message;
    message.stream = u"dm:alice+bob"_s;
    message.seq = 1;
    message.ts = QDateTime::currentMSecsSinceEpoch();
    message.sender = u"bob"_s;
    message.text = u"are you there?"_s;
    m_presenter->setViewedStream(u"id-alice"_s, message.stream);
    m_presenter->presentMessage(u"id-alice"_s, message, false);
    QCOMPARE(shown.count(), 0);
    QCOMPARE(suppressed.count(), 1);
    QCOMPARE(suppressed.at(0).at(0).toString(), u"being read"_s);

    m_presenter->setViewedStream(u"id-alice"_s, kRoom);
    message.seq = 2;
    m_presenter->presentMessage(u"id-alice"_s, message, false);
    QCOMPARE(shown.count(), 1);
    QVERIFY(m_recorder.waitForCount(before + 1, std::chrono::milliseconds(kLongWait)));
    QCOMPARE(m_recorder.notifications().at(before).summary, u"bob"_s);
    m_presenter->setViewedStream({}, {});
}

QTEST_MAIN(TestNotificationPresenter)
#include "tst_notificationpresenter.moc"
