// Attachments in the desktop app against the real relay process: bob uploads a picture (and a
// text file) over HTTP and sends a message carrying it; alice's conversation shows the picture
// (the app downloads it with her session token into her account's cache) and the file as a link
// that downloads on request. The attachment also survives in alice's local store.
#include "chat/chatviewmodel.h"
#include "client/account/account.h"
#include "client/account/attachmentfetcher.h"
#include "client/account/signin.h"
#include "client/store/localstore.h"
#include "curlrun.h"
#include "protocol/frames.h"
#include "rawclient.h"
#include "relayadmin.h"
#include "relayprocess.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab::client;
using confab::app::ChatViewModel;
using confab::app::MessageListModel;
namespace proto = confab::protocol;

namespace {

constexpr int kLongWait = 30000;
const QString kRoom = u"room:pics"_s;

QVariant roleOf(MessageListModel *model, int row, MessageListModel::Role role)
{
    return model->data(model->index(row), role);
}

int rowWithText(MessageListModel *model, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (roleOf(model, row, MessageListModel::TextRole).toString() == text)
            return row;
    }
    return -1;
}

QByteArray readFile(const QUrl &url)
{
    QFile file(url.toLocalFile());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestChatAttachments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pictureShowsAsPreview();
    void fileDownloadsWhenAsked();
    void unknownAttachmentFailsOnce();

private:
    std::unique_ptr<Account> makeAccount(const QString &user, const QString &folder);
    std::optional<proto::Attachment> upload(const QByteArray &bytes, const QString &name);
    bool sendWith(const QString &text, const proto::Attachment &attachment);

    RelayProcess m_relay;
    QTemporaryDir m_dir;
    std::unique_ptr<Account> m_alice;
    std::unique_ptr<ChatViewModel> m_chat;
    int m_sent = 0;
};

void TestChatAttachments::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(relayadmin::addUsers(m_relay, { u"alice"_s, u"bob"_s }));
    QVERIFY(relayadmin::addRoom(m_relay, u"pics"_s, { u"alice"_s, u"bob"_s }));
    QVERIFY2(m_relay.start(), qPrintable(m_relay.errorString()));
    m_alice = makeAccount(u"alice"_s, m_dir.filePath(u"alice"_s));
    QVERIFY(m_alice);
    QVERIFY(QTest::qWaitFor(
        [&] { return m_alice->connectionStatus().phase == ConnectionStatus::Phase::Connected; }, kLongWait));
    m_chat = std::make_unique<ChatViewModel>();
    new QAbstractItemModelTester(
        m_chat->messages(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_chat->messages());
    m_chat->open(m_alice.get(), kRoom);
    QVERIFY(QTest::qWaitFor([&] { return m_alice->store()->cursor(kRoom).has_value(); }, kLongWait));
}

void TestChatAttachments::cleanupTestCase()
{
    m_chat.reset();
    m_alice.reset();
    QVERIFY(m_relay.terminate());
}

std::unique_ptr<Account> TestChatAttachments::makeAccount(const QString &user, const QString &folder)
{
    AccountSettings settings;
    settings.id = user;
    settings.relayUrl = m_relay.url();
    settings.username = user;
    settings.rememberCredentials = false;
    auto account = std::make_unique<Account>(settings, folder, nullptr, nullptr);
    account->engine()->setConnectTimeout(std::chrono::seconds(3));
    if (const std::optional<QString> error = account->open()) {
        qWarning("cannot open the account: %s", qPrintable(*error));
        return nullptr;
    }
    account->signIn()->setPassword(relayadmin::passwordOf(user));
    account->start();
    return account;
}

std::optional<proto::Attachment> TestChatAttachments::upload(const QByteArray &bytes, const QString &name)
{
    QTemporaryFile file;
    if (!file.open() || file.write(bytes) != bytes.size() || !file.flush())
        return std::nullopt;
    QUrl url = m_relay.url();
    url.setScheme(u"http"_s);
    url.setPath(u"/v1/attachments"_s);
    url.setQuery(u"stream=%1&filename=%2"_s.arg(kRoom, name));
    const CurlResult result = runCurl({ u"-u"_s, u"bob:"_s + relayadmin::passwordOf(u"bob"_s),
        u"--data-binary"_s, u"@"_s + file.fileName(), url.toString() });
    if (!result.ran || result.status != 201) {
        qWarning("upload: status %d %s %s", result.status, result.body.constData(), result.standardError.constData());
        return std::nullopt;
    }
    const QJsonObject object = QJsonDocument::fromJson(result.body).object();
    proto::Attachment attachment;
    attachment.id = object.value(u"id"_s).toString();
    attachment.name = object.value(u"name"_s).toString();
    attachment.type = object.value(u"type"_s).toString();
    attachment.size = qint64(object.value(u"size"_s).toDouble());
    attachment.url = object.value(u"url"_s).toString();
    attachment.expires = qint64(object.value(u"expires"_s).toDouble());
    return attachment;
}

bool TestChatAttachments::sendWith(const QString &text, const proto::Attachment &attachment)
{
    RawClient bob;
    if (!bob.login(m_relay.url(), u"bob"_s, relayadmin::passwordOf(u"bob"_s)))
        return false;
    ++m_sent;
    proto::Send send;
    send.id = u"s%1"_s.arg(m_sent);
    send.stream = kRoom;
    send.clientMsgId = u"att-%1"_s.arg(m_sent);
    send.text = text;
    send.attachment = attachment;
    return bob.request(send).has_value();
}

void TestChatAttachments::pictureShowsAsPreview()
{
    QImage image(24, 16, QImage::Format_RGB32);
    image.fill(QColor(200, 40, 90));
    QByteArray png;
    QBuffer buffer(&png);
    QVERIFY(buffer.open(QIODevice::WriteOnly) && image.save(&buffer, "PNG"));
    const std::optional<proto::Attachment> attachment = upload(png, u"x.png"_s);
    QVERIFY(attachment);
    QCOMPARE(attachment->type, u"image/png"_s);
    QVERIFY(sendWith(u"the photo"_s, *attachment));

    MessageListModel *model = m_chat->messages();
    QTRY_VERIFY_WITH_TIMEOUT(rowWithText(model, u"the photo"_s) >= 0, kLongWait);
    const int row = rowWithText(model, u"the photo"_s);
    QCOMPARE(roleOf(model, row, MessageListModel::HasAttachmentRole).toBool(), true);
    QCOMPARE(roleOf(model, row, MessageListModel::IsImageRole).toBool(), true);
    QCOMPARE(roleOf(model, row, MessageListModel::AttachmentNameRole).toString(), u"x.png"_s);
    QCOMPARE(roleOf(model, row, MessageListModel::AttachmentSizeRole).toLongLong(), qint64(png.size()));
    // Asking for the local URL starts the download; the row changes when the file is there.
    QTRY_VERIFY_WITH_TIMEOUT(
        !roleOf(model, rowWithText(model, u"the photo"_s), MessageListModel::LocalUrlRole).toUrl().isEmpty(),
        kLongWait);
    const QUrl local = roleOf(model, rowWithText(model, u"the photo"_s), MessageListModel::LocalUrlRole).toUrl();
    QVERIFY(local.isLocalFile());
    QVERIFY(local.toLocalFile().startsWith(m_alice->dataFolder()));
    QCOMPARE(readFile(local), png);

    // Kept in the local store, so it shows after a restart too.
    const QList<StoredMessage> stored = m_alice->store()->messages(kRoom, std::nullopt, 10);
    QVERIFY(!stored.isEmpty());
    QCOMPARE(stored.last().attachment, attachment);
}

void TestChatAttachments::fileDownloadsWhenAsked()
{
    const QByteArray notes = "shopping: milk, eggs\n";
    const std::optional<proto::Attachment> attachment = upload(notes, u"notes.txt"_s);
    QVERIFY(attachment);
    QVERIFY(sendWith(u"the list"_s, *attachment));

    MessageListModel *model = m_chat->messages();
    QTRY_VERIFY_WITH_TIMEOUT(rowWithText(model, u"the list"_s) >= 0, kLongWait);
    int row = rowWithText(model, u"the list"_s);
    QCOMPARE(roleOf(model, row, MessageListModel::IsImageRole).toBool(), false);
    QCOMPARE(roleOf(model, row, MessageListModel::AttachmentNameRole).toString(), u"notes.txt"_s);
    QVERIFY(!roleOf(model, row, MessageListModel::AttachmentSizeTextRole).toString().isEmpty());
    // Not an image: nothing is downloaded until the link is clicked.
    QVERIFY(roleOf(model, row, MessageListModel::LocalUrlRole).toUrl().isEmpty());
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    model->fetchAttachment(row);
    QVERIFY(changed.wait(kLongWait));
    row = rowWithText(model, u"the list"_s);
    const QUrl local = roleOf(model, row, MessageListModel::LocalUrlRole).toUrl();
    QVERIFY(!local.isEmpty());
    QCOMPARE(readFile(local), notes);
}

void TestChatAttachments::unknownAttachmentFailsOnce()
{
    AttachmentFetcher *fetcher = AttachmentFetcher::forAccount(m_alice.get());
    QVERIFY(fetcher);
    proto::Attachment missing;
    missing.id = u"doesNotExist123"_s;
    missing.name = u"gone.png"_s;
    missing.type = u"image/png"_s;
    missing.size = 10;
    missing.url = proto::kAttachmentUrlPrefix + missing.id;
    QSignalSpy failed(fetcher, &AttachmentFetcher::failed);
    fetcher->fetch(missing);
    fetcher->fetch(missing); // shared: one request, one report
    QVERIFY(failed.wait(kLongWait));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!fetcher->error(missing.id).isEmpty());
    fetcher->fetch(missing); // a failure is not retried by itself
    QVERIFY(!failed.wait(500));
    QVERIFY(fetcher->localUrl(missing).isEmpty());

    // Too large for the app: refused without a request.
    proto::Attachment huge = missing;
    huge.id = u"huge1"_s;
    huge.url = proto::kAttachmentUrlPrefix + huge.id;
    huge.size = AttachmentFetcher::kMaxSize + 1;
    fetcher->fetch(huge);
    QVERIFY(!fetcher->error(huge.id).isEmpty());
    QTRY_COMPARE(failed.count(), 2);
}

QTEST_MAIN(TestChatAttachments)
#include "tst_chatattachments.moc"
