// NotificationCentreModel against the real relay: notifications Bob publishes show on Alice's two
// desktops newest first with their priority, tags and actions; the filters; a dismissal on one
// desktop clears the other; action buttons open links or call the web hook with their method.
#include "client/account/account.h"
#include "client/account/signin.h"
#include "client/connection/connectionsupervisor.h"
#include "client/store/localstore.h"
#include "lists/notificationcentremodel.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QAbstractItemModelTester>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab;
using confab::app::NotificationCentreModel;
using Phase = client::ConnectionStatus::Phase;

namespace {
constexpr int kWait = 20000;

// A one-line HTTP server: remembers each request's first line and answers 200.
class HookServer : public QTcpServer
{
public:
    HookServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffer[socket] += socket->readAll();
                    if (!m_buffer[socket].contains("\r\n\r\n"))
                        return;
                    requests.append(QString::fromLatin1(m_buffer[socket].left(m_buffer[socket].indexOf("\r\n"))));
                    socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QStringList requests;

private:
    QHash<QTcpSocket *, QByteArray> m_buffer;
};
} // namespace

class TestNotificationCentreModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void centreOfTwoDesktops();

private:
    std::unique_ptr<client::Account> makeAccount(const QString &user, const QString &folder);
    static QStringList titles(const NotificationCentreModel &model);
    static int rowOfTitle(const NotificationCentreModel &model, const QString &title);

    RelayProcess m_relay;
    QTemporaryDir m_dir;
};

void TestNotificationCentreModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"backups"_s, { u"bob"_s }, { u"alice"_s }));
    QVERIFY(relayadmin::addTopic(m_relay, u"deploys"_s, { u"bob"_s }, { u"alice"_s }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
}

void TestNotificationCentreModel::cleanupTestCase()
{
    QVERIFY(m_relay.terminate());
}

std::unique_ptr<client::Account> TestNotificationCentreModel::makeAccount(const QString &user, const QString &folder)
{
    client::AccountSettings settings;
    settings.id = user;
    settings.relayUrl = m_relay.url();
    settings.username = user;
    settings.rememberCredentials = false;
    auto account = std::make_unique<client::Account>(settings, folder, nullptr, nullptr);
    client::ReconnectPolicy policy;
    policy.initial = std::chrono::milliseconds(50);
    policy.cap = std::chrono::milliseconds(500);
    account->supervisor()->setPolicy(policy);
    if (account->open())
        return nullptr;
    account->signIn()->setPassword(relayadmin::passwordOf(user));
    account->start();
    return account;
}

QStringList TestNotificationCentreModel::titles(const NotificationCentreModel &model)
{
    QStringList result;
    for (int row = 0; row < model.rowCount(); ++row)
        result.append(model.index(row).data(NotificationCentreModel::TitleRole).toString());
    return result;
}

int TestNotificationCentreModel::rowOfTitle(const NotificationCentreModel &model, const QString &title)
{
    return int(titles(model).indexOf(title));
}

void TestNotificationCentreModel::centreOfTwoDesktops()
{
    const QString backups = u"topic:backups"_s;
    const QString deploys = u"topic:deploys"_s;
    HookServer hook;
    QVERIFY(hook.listen(QHostAddress::LocalHost, 0));
    const QString hookUrl = u"http://127.0.0.1:%1/hook"_s.arg(hook.serverPort());

    auto desk1 = makeAccount(u"alice"_s, m_dir.filePath(u"desk1"_s));
    auto desk2 = makeAccount(u"alice"_s, m_dir.filePath(u"desk2"_s));
    auto bob = makeAccount(u"bob"_s, m_dir.filePath(u"bob"_s));
    QVERIFY(desk1 && desk2 && bob);
    for (client::Account *desk : { desk1.get(), desk2.get() }) {
        desk->subscribe(backups);
        desk->subscribe(deploys);
    }
    NotificationCentreModel centre1;
    NotificationCentreModel centre2;
    QAbstractItemModelTester tester1(&centre1, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tester2(&centre2, QAbstractItemModelTester::FailureReportingMode::QtTest);
    centre1.setAccount(desk1.get());
    centre2.setAccount(desk2.get());
    QList<QUrl> opened;
    centre1.setUrlOpener([&opened](const QUrl &url) {
        opened.append(url);
        return true;
    });
    for (client::Account *desk : { desk1.get(), desk2.get() }) {
        QTRY_VERIFY_WITH_TIMEOUT(desk->store()->cursor(backups) && desk->store()->cursor(deploys), kWait);
    }
    QTRY_COMPARE_WITH_TIMEOUT(bob->connectionStatus().phase, Phase::Connected, kWait);

    client::NotificationDraft low;
    low.title = u"Low one"_s;
    low.body = u"disk 60% full"_s;
    low.priority = 2;
    client::NotificationDraft high;
    high.title = u"Disk almost full"_s;
    high.body = u"disk 95% full"_s;
    high.priority = 4;
    high.tags = { u"disk"_s, u"warning"_s };
    high.click = u"https://status.example/disk"_s;
    protocol::NotificationAction view;
    view.action = protocol::NotificationActionKind::View;
    view.label = u"Open dashboard"_s;
    view.url = u"https://status.example/dashboard"_s;
    protocol::NotificationAction http;
    http.action = protocol::NotificationActionKind::Http;
    http.label = u"Clean up"_s;
    http.url = hookUrl;
    http.method = protocol::HttpMethod::Put;
    http.body = u"clean"_s;
    high.actions = { view, http };
    client::NotificationDraft urgent;
    urgent.title = u"Backup failed"_s;
    urgent.body = u"no space left"_s;
    urgent.priority = 5;
    client::NotificationDraft deploy;
    deploy.title = u"Deployed v2"_s;
    deploy.body = u"all green"_s;

    // One at a time, so that their order (and time) is certain.
    int published = 0;
    const auto publish = [&](const QString &topic, const client::NotificationDraft &draft) {
        bob->publish(topic, draft);
        ++published;
        return QTest::qWaitFor([&] { return centre1.undismissedCount() == published; }, kWait);
    };
    QVERIFY(publish(backups, low));
    QVERIFY(publish(backups, high));
    QVERIFY(publish(backups, urgent));
    QVERIFY(publish(deploys, deploy));
    QTRY_COMPARE_WITH_TIMEOUT(centre2.rowCount(), 4, kWait);
    QCOMPARE(titles(centre1), (QStringList { u"Deployed v2"_s, u"Backup failed"_s, u"Disk almost full"_s, u"Low one"_s }));
    QCOMPARE(centre1.topics(), (QStringList { u"backups"_s, u"deploys"_s }));

    const QModelIndex highIndex = centre1.index(rowOfTitle(centre1, u"Disk almost full"_s));
    QCOMPARE(highIndex.data(NotificationCentreModel::TopicRole).toString(), u"backups"_s);
    QCOMPARE(highIndex.data(NotificationCentreModel::StreamRole).toString(), backups);
    QCOMPARE(highIndex.data(NotificationCentreModel::BodyRole).toString(), u"disk 95% full"_s);
    QCOMPARE(highIndex.data(NotificationCentreModel::PriorityRole).toInt(), 4);
    QCOMPARE(highIndex.data(NotificationCentreModel::PriorityNameRole).toString(), u"high"_s);
    QCOMPARE(highIndex.data(NotificationCentreModel::TagsRole).toStringList(), (QStringList { u"disk"_s, u"warning"_s }));
    QCOMPARE(highIndex.data(NotificationCentreModel::ClickRole).toString(), u"https://status.example/disk"_s);
    QVERIFY(highIndex.data(NotificationCentreModel::TimeRole).toDateTime().isValid());
    QCOMPARE(highIndex.data(NotificationCentreModel::DismissedRole).toBool(), false);
    const QVariantList actions = highIndex.data(NotificationCentreModel::ActionsRole).toList();
    QCOMPARE(actions.size(), 2);
    QCOMPARE(actions.at(0).toMap().value(u"label"_s).toString(), u"Open dashboard"_s);
    QCOMPARE(actions.at(0).toMap().value(u"kind"_s).toString(), u"view"_s);
    QCOMPARE(actions.at(1).toMap().value(u"kind"_s).toString(), u"http"_s);
    QCOMPARE(actions.at(1).toMap().value(u"method"_s).toString(), u"PUT"_s);
    QCOMPARE(actions.at(1).toMap().value(u"url"_s).toString(), hookUrl);
    QCOMPARE(centre1.index(rowOfTitle(centre1, u"Backup failed"_s)).data(NotificationCentreModel::PriorityNameRole).toString(),
        u"urgent"_s);
    const qint64 highSeq = highIndex.data(NotificationCentreModel::SeqRole).toLongLong();
    QCOMPARE(centre1.rowForSeq(backups, highSeq), highIndex.row());
    QCOMPARE(centre1.rowForSeq(backups, 9999), -1);

    // The click and the buttons.
    centre1.openClick(highIndex.row());
    centre1.invokeAction(highIndex.row(), 0);
    QCOMPARE(opened, (QList<QUrl> { QUrl(u"https://status.example/disk"_s), QUrl(u"https://status.example/dashboard"_s) }));
    QSignalSpy finished(&centre1, &NotificationCentreModel::actionFinished);
    centre1.invokeAction(highIndex.row(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(hook.requests, QStringList { u"PUT /hook HTTP/1.1"_s }, kWait);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kWait);
    centre1.invokeAction(highIndex.row(), 7); // no such button: nothing happens
    centre1.openClick(-1);

    // Filters.
    centre1.setMinPriority(4);
    QCOMPARE(titles(centre1), (QStringList { u"Backup failed"_s, u"Disk almost full"_s }));
    centre1.setTopicFilter(u"deploys"_s);
    QCOMPARE(centre1.rowCount(), 0);
    centre1.setMinPriority(1);
    QCOMPARE(titles(centre1), QStringList { u"Deployed v2"_s });
    centre1.setTopicFilter(QString());
    QCOMPARE(centre1.rowCount(), 4);
    QCOMPARE(centre1.undismissedCount(), 4);

    // A dismissal on desktop 1 leaves at once, and reaches desktop 2.
    centre1.dismiss(rowOfTitle(centre1, u"Backup failed"_s));
    QCOMPARE(rowOfTitle(centre1, u"Backup failed"_s), -1);
    QCOMPARE(centre1.undismissedCount(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(rowOfTitle(centre2, u"Backup failed"_s), -1, kWait);
    QCOMPARE(centre2.rowCount(), 3);

    // Dismiss all of what the filter shows: backups only.
    centre1.setTopicFilter(u"backups"_s);
    centre1.dismissAll();
    QCOMPARE(centre1.rowCount(), 0);
    centre1.setTopicFilter(QString());
    QCOMPARE(titles(centre1), QStringList { u"Deployed v2"_s });
    QTRY_COMPARE_WITH_TIMEOUT(titles(centre2), QStringList { u"Deployed v2"_s }, kWait);
    QCOMPARE(centre2.undismissedCount(), 1);

    // Still dismissed after the app restarts (the store has it, not only this model).
    centre1.setAccount(nullptr);
    QCOMPARE(centre1.rowCount(), 0);
    centre1.setAccount(desk1.get());
    QTRY_COMPARE_WITH_TIMEOUT(titles(centre1), QStringList { u"Deployed v2"_s }, kWait);
}

QTEST_GUILESS_MAIN(TestNotificationCentreModel)
#include "tst_notificationcentremodel.moc"
