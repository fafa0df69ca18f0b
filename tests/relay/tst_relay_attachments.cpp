// Attachments against the real relay binary with the real curl: a file put to a topic reaches a
// subscribed desktop as a notification carrying it and downloads byte for byte; a chat upload is
// sent as a message; the per-file limit, the total quota and expiry hold; only people who may read
// the stream can download, and nothing secret ever appears in an attachment's URL.
#include "curlrun.h"
#include "rawclient.h"
#include "relayprocess.h"

#include "protocol/codec.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace confab::protocol;
using namespace Qt::StringLiterals;

namespace {

QJsonObject jsonOf(const CurlResult &result)
{
    return QJsonDocument::fromJson(result.body).object();
}

int errorCode(const CurlResult &result)
{
    return jsonOf(result).value("code"_L1).toInt();
}

Attachment attachmentFrom(const QJsonObject &o)
{
    return Attachment{ o.value("id"_L1).toString(), o.value("name"_L1).toString(), o.value("type"_L1).toString(),
        o.value("size"_L1).toInteger(), o.value("url"_L1).toString(), o.value("expires"_L1).toInteger() };
}

// Files in the relay's attachment folder.
QStringList storedFiles(const RelayProcess &relay)
{
    return QDir(relay.dataDir() + u"/attachments"_s).entryList(QDir::Files | QDir::Hidden);
}

} // namespace

class TestRelayAttachments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void topicUploadReachesSubscriberAndDownloads();
    void fileNameForms();
    void chatUploadThenSend();
    void fileLimit();
    void downloadNeedsReadAccess();
    void quotaAndExpiry();

private:
    QString url(const RelayProcess &relay, const QString &path) const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(relay.port()).arg(path);
    }
    QString url(const QString &path) const { return url(*m_relay, path); }
    // A file of `size` random bytes (after `head`) in the temporary folder.
    QString makeFile(const QString &name, qsizetype size, const QByteArray &head = {});
    QByteArray contents(const QString &path) const;

    QTemporaryDir m_files;
    std::unique_ptr<RelayProcess> m_relay;
    QRandomGenerator m_random;
};

void TestRelayAttachments::initTestCase()
{
    const quint32 seed = qEnvironmentVariableIsSet("CONFAB_TEST_SEED")
        ? quint32(qEnvironmentVariableIntValue("CONFAB_TEST_SEED"))
        : QRandomGenerator::global()->generate();
    qInfo("seed %u (set CONFAB_TEST_SEED to replay)", seed);
    m_random.seed(seed);
    QVERIFY(m_files.isValid());
    m_relay = std::make_unique<RelayProcess>();
    for (const QString &user : { u"ann"_s, u"bob"_s, u"carol"_s })
        QVERIFY(m_relay->addUser(user, u"pw-"_s + user));
    QVERIFY(m_relay->createRoom(u"general"_s));
    for (const QString &user : { u"ann"_s, u"bob"_s })
        QCOMPARE(m_relay->runAdmin({ u"room"_s, u"add-member"_s, u"general"_s, user }).exitCode, 0);
    for (const QString &topic : { u"files"_s, u"private"_s })
        QCOMPARE(m_relay->runAdmin({ u"topic"_s, u"create"_s, topic }).exitCode, 0);
    // private has an ACL entry: only ann may use it.
    QCOMPARE(m_relay->runAdmin({ u"acl"_s, u"grant"_s, u"private"_s, u"user:ann"_s, u"read-write"_s }).exitCode, 0);
    // Every signed-in user may write to topics without ACL entries (files), as many relays run.
    m_relay->setExtraArguments(
        { u"--attachment-file-limit"_s, u"100000"_s, u"--default-topic-access"_s, u"read-write"_s });
    QVERIFY2(m_relay->start(), qPrintable(m_relay->errorString()));
}

QString TestRelayAttachments::makeFile(const QString &name, qsizetype size, const QByteArray &head)
{
    QByteArray bytes = head;
    while (bytes.size() < size)
        bytes.append(char(m_random.bounded(256)));
    const QString path = m_files.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

QByteArray TestRelayAttachments::contents(const QString &path) const
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// ntfy's `curl -T photo.png -H "Filename: photo.png" relay/files`: the subscribed desktop gets the
// notification with the attachment, and the download is the same bytes, typed from its content.
void TestRelayAttachments::topicUploadReachesSubscriberAndDownloads()
{
    RawClient bob;
    QVERIFY(bob.login(m_relay->url(), u"bob"_s, u"pw-bob"_s));
    QVERIFY(bob.subscribe(u"topic:files"_s));

    const QString path = makeFile(u"photo.bin"_s, 5000, QByteArray("\x89PNG\r\n\x1a\n", 8));
    const CurlResult put = runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"-T"_s, path, u"-H"_s, u"Filename: holiday.png"_s,
        u"-H"_s, u"Title: Pictures"_s, url(u"/files"_s) });
    QCOMPARE(put.status, 200);
    const QJsonObject answer = jsonOf(put);
    QCOMPARE(answer.value("topic"_L1).toString(), u"files"_s);
    QCOMPARE(answer.value("message"_L1).toString(), u"You received a file: holiday.png"_s);
    const QJsonObject ntfyAttachment = answer.value("attachment"_L1).toObject();
    QCOMPARE(ntfyAttachment.value("name"_L1).toString(), u"holiday.png"_s);
    QCOMPARE(ntfyAttachment.value("type"_L1).toString(), u"image/png"_s);
    QCOMPARE(ntfyAttachment.value("size"_L1).toInt(), 5000);
    QVERIFY(ntfyAttachment.value("url"_L1).toString().startsWith(url(u"/v1/attachments/"_s)));

    const std::optional<Notification> notification = bob.nextAs<Notification>();
    QVERIFY(notification);
    QCOMPARE(notification->title, u"Pictures"_s);
    QVERIFY(notification->attachment);
    const Attachment &attachment = *notification->attachment;
    QCOMPARE(attachment.name, u"holiday.png"_s);
    QCOMPARE(attachment.type, u"image/png"_s);
    QCOMPARE(attachment.size, 5000);
    QCOMPARE(attachment.id, ntfyAttachment.value("id"_L1).toString());
    QVERIFY(attachment.expires > QDateTime::currentMSecsSinceEpoch() + 3'600'000);
    QVERIFY(storedFiles(*m_relay).contains(attachment.id));

    const CurlResult get = runCurl({ u"-u"_s, u"bob:pw-bob"_s, url(attachment.url) });
    QCOMPARE(get.status, 200);
    QCOMPARE(get.body, contents(path));
    QCOMPARE(get.header("content-type"), QByteArray("image/png"));
    QCOMPARE(get.header("content-length"), QByteArray("5000"));
    QCOMPARE(get.header("x-content-type-options"), QByteArray("nosniff"));
    QVERIFY(get.header("content-disposition").startsWith("attachment;"));
    QVERIFY(get.header("content-disposition").contains("filename*=UTF-8''holiday.png"));
}

// The file name from every header alias and the query; the message and priority headers still
// apply; a name that claims an image the bytes are not is not typed as an image.
void TestRelayAttachments::fileNameForms()
{
    RawClient bob;
    QVERIFY(bob.login(m_relay->url(), u"bob"_s, u"pw-bob"_s));
    QVERIFY(bob.subscribe(u"topic:files"_s));
    const QString path = makeFile(u"report.bin"_s, 300);
    const QList<std::pair<QStringList, QString>> forms = {
        { { u"-H"_s, u"X-Filename: a.pdf"_s }, u"a.pdf"_s },
        { { u"-H"_s, u"File: b.txt"_s }, u"b.txt"_s },
        { { u"-H"_s, u"f: c.png"_s }, u"c.png"_s },
        { { u"--url-query"_s, u"filename=Bericht März.txt"_s }, u"Bericht März.txt"_s },
    };
    for (const auto &[arguments, name] : forms) {
        const CurlResult put = runCurl(QStringList{ u"-u"_s, u"ann:pw-ann"_s, u"-T"_s, path, u"-H"_s,
                                           u"Message: the weekly report"_s, u"-H"_s, u"Priority: high"_s }
            + arguments + QStringList{ url(u"/files"_s) });
        QCOMPARE(put.status, 200);
        const std::optional<Notification> notification = bob.nextAs<Notification>();
        QVERIFY(notification && notification->attachment);
        QCOMPARE(notification->attachment->name, name);
        QCOMPARE(notification->body, u"the weekly report"_s);
        QCOMPARE(notification->priority, 4);
        QVERIFY2(notification->attachment->type != u"image/png"_s, qPrintable(notification->attachment->type));
        if (name.endsWith(u".pdf"_s))
            QCOMPARE(notification->attachment->type, u"application/pdf"_s);
        const CurlResult get = runCurl({ u"-u"_s, u"ann:pw-ann"_s, url(notification->attachment->url) });
        QCOMPARE(get.body, contents(path));
        QVERIFY2(get.header("content-disposition").contains(QByteArray(QByteArray("filename*=UTF-8''")
                     + QUrl::toPercentEncoding(name, QByteArray(), "!#$&+^`|"))),
            get.header("content-disposition").constData());
    }
}

// A desktop uploads for a room, then sends a message with the attachment: the other member gets it
// and may download it; someone outside the room may not.
void TestRelayAttachments::chatUploadThenSend()
{
    RawClient ann, bob;
    QVERIFY(ann.login(m_relay->url(), u"ann"_s, u"pw-ann"_s));
    QVERIFY(bob.login(m_relay->url(), u"bob"_s, u"pw-bob"_s));
    QVERIFY(bob.subscribe(u"room:general"_s));

    const QString path = makeFile(u"notes.txt"_s, 1234);
    const CurlResult upload = runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"--data-binary"_s, u"@"_s + path,
        url(u"/v1/attachments?stream=room:general&filename=notes.txt"_s) });
    QCOMPARE(upload.status, 201);
    const Attachment attachment = attachmentFrom(jsonOf(upload));
    QCOMPARE(attachment.size, 1234);
    QCOMPARE(attachment.url, u"/v1/attachments/"_s + attachment.id);
    QCOMPARE(attachment.type, u"text/plain"_s);

    QVERIFY(ann.request(Send{ u"s1"_s, u"room:general"_s, u"c-att-1"_s, {}, std::nullopt, attachment }));
    const std::optional<Message> message = bob.nextAs<Message>();
    QVERIFY(message);
    QCOMPARE(message->attachment, std::optional<Attachment>(attachment));
    QVERIFY(message->text.isEmpty());

    const CurlResult get = runCurl({ u"-u"_s, u"bob:pw-bob"_s, url(attachment.url) });
    QCOMPARE(get.status, 200);
    QCOMPARE(get.body, contents(path));
    // carol is not in the room (public, not joined): refused, and the body is an error, not the file.
    const CurlResult carol = runCurl({ u"-u"_s, u"carol:pw-carol"_s, url(attachment.url) });
    QVERIFY2(carol.status == 403 || carol.status == 404, carol.body.constData());
    QVERIFY(carol.body != contents(path));
    // carol may not upload to the room either.
    const CurlResult carolUpload = runCurl({ u"-u"_s, u"carol:pw-carol"_s, u"--data-binary"_s, u"@"_s + path,
        url(u"/v1/attachments?stream=room:general&filename=x.txt"_s) });
    QVERIFY2(carolUpload.status == 403 || carolUpload.status == 404, carolUpload.body.constData());
    // Not a stream, not a file name.
    QCOMPARE(runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"--data-binary"_s, u"x"_s,
                 url(u"/v1/attachments?stream=general&filename=x.txt"_s) })
                 .status,
        400);
    QCOMPARE(runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"--data-binary"_s, u"x"_s,
                 url(u"/v1/attachments?stream=room:general&filename=../../etc/passwd"_s) })
                 .status,
        400);
}

// One byte over the per-file limit is refused with 413 and leaves nothing on disk or in the topic.
void TestRelayAttachments::fileLimit()
{
    const QStringList before = storedFiles(*m_relay);
    const QString exact = makeFile(u"exact.bin"_s, 100000);
    const QString over = makeFile(u"over.bin"_s, 100001);
    const CurlResult tooLarge
        = runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"-T"_s, over, u"-H"_s, u"Filename: over.bin"_s, url(u"/files"_s) });
    QCOMPARE(tooLarge.status, 413);
    QCOMPARE(errorCode(tooLarge) / 100, 413);
    const CurlResult chatTooLarge = runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"--data-binary"_s, u"@"_s + over,
        url(u"/v1/attachments?stream=room:general&filename=over.bin"_s) });
    QCOMPARE(chatTooLarge.status, 413);
    QCOMPARE(storedFiles(*m_relay), before);
    const CurlResult fits
        = runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"-T"_s, exact, u"-H"_s, u"Filename: exact.bin"_s, url(u"/files"_s) });
    QCOMPARE(fits.status, 200);
    QCOMPARE(storedFiles(*m_relay).size(), before.size() + 1);
}

// Downloads need Read access on the attachment's stream, with the same credential forms as every
// endpoint; answers and notifications never put credentials into an attachment's URL.
void TestRelayAttachments::downloadNeedsReadAccess()
{
    const QString path = makeFile(u"secret.bin"_s, 700);
    const CurlResult put = runCurl(
        { u"-u"_s, u"ann:pw-ann"_s, u"-T"_s, path, u"-H"_s, u"Filename: plans.txt"_s, url(u"/private"_s) });
    QCOMPARE(put.status, 200);
    const QString address = jsonOf(put).value("attachment"_L1).toObject().value("url"_L1).toString();
    QVERIFY(address.startsWith(url(u"/v1/attachments/"_s)));
    QVERIFY(!address.contains(u"auth"_s) && !address.contains(u"pw-ann"_s) && !address.contains(u'@'));

    QCOMPARE(runCurl({ u"-u"_s, u"ann:pw-ann"_s, address }).status, 200);
    // Bearer token and ?auth= forms work too.
    const RelayProcess::CommandResult token = m_relay->runAdmin({ u"token"_s, u"create"_s, u"ann"_s, u"--topic"_s, u"private:r"_s });
    QCOMPARE(token.exitCode, 0);
    const QString secret = QString::fromUtf8(token.standardOutput).trimmed().split(u'\n').first().trimmed();
    QVERIFY2(runCurl({ u"-H"_s, u"Authorization: Bearer "_s + secret, address }).status == 200, qPrintable(secret));
    const QByteArray authParameter = QByteArray("Bearer " + secret.toUtf8())
                                         .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    QCOMPARE(runCurl({ address + u"?auth="_s + QString::fromLatin1(authParameter) }).status, 200);

    const CurlResult anonymous = runCurl({ address });
    QCOMPARE(anonymous.status, 401);
    QVERIFY(anonymous.body != contents(path));
    const CurlResult bob = runCurl({ u"-u"_s, u"bob:pw-bob"_s, address });
    QVERIFY2(bob.status == 403 || bob.status == 404, bob.body.constData());
    QVERIFY(!bob.body.contains(contents(path)));
    QCOMPARE(runCurl({ u"-u"_s, u"bob:wrong"_s, address }).status, 401);
    // bob may not attach files to the private topic.
    QCOMPARE(runCurl({ u"-u"_s, u"bob:pw-bob"_s, u"-T"_s, path, u"-H"_s, u"Filename: x.txt"_s, url(u"/private"_s) })
                 .status,
        403);
    // Unknown ids.
    QCOMPARE(runCurl({ u"-u"_s, u"ann:pw-ann"_s, url(u"/v1/attachments/AAAAAAAAAAAAAAAAAAAAAA"_s) }).status, 404);
    QCOMPARE(runCurl({ u"-u"_s, u"ann:pw-ann"_s, url(u"/v1/attachments/..%2F..%2Frelay.db"_s) }).status, 404);
}

// A relay with a small quota and a short expiry: uploads beyond the quota are refused until the
// earlier files expire; an expired file is 404 at once and gone from disk after the next prune.
void TestRelayAttachments::quotaAndExpiry()
{
    RelayProcess relay;
    QVERIFY(relay.addUser(u"ann"_s, u"pw-ann"_s));
    QCOMPARE(relay.runAdmin({ u"topic"_s, u"create"_s, u"files"_s }).exitCode, 0);
    relay.setExtraArguments({ u"--default-topic-access"_s, u"read-write"_s, u"--attachment-file-limit"_s, u"1000"_s, u"--attachment-total-quota"_s, u"2500"_s,
        u"--attachment-expiry-ms"_s, u"3000"_s, u"--attachment-prune-interval-ms"_s, u"200"_s });
    QVERIFY2(relay.start(), qPrintable(relay.errorString()));
    const QString path = makeFile(u"k.bin"_s, 1000);
    const auto put = [&] {
        return runCurl({ u"-u"_s, u"ann:pw-ann"_s, u"-T"_s, path, u"-H"_s, u"Filename: k.bin"_s,
            url(relay, u"/files"_s) });
    };
    const CurlResult first = put();
    QCOMPARE(first.status, 200);
    QCOMPARE(put().status, 200);
    const CurlResult full = put();
    QCOMPARE(full.status, 507);
    QCOMPARE(errorCode(full), 50701);
    QCOMPARE(storedFiles(relay).size(), 2);

    const QString address = jsonOf(first).value("attachment"_L1).toObject().value("url"_L1).toString();
    const QString id = address.section(u'/', -1);
    QCOMPARE(runCurl({ u"-u"_s, u"ann:pw-ann"_s, address }).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(runCurl({ u"-u"_s, u"ann:pw-ann"_s, address }).status, 404, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!storedFiles(relay).contains(id), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(storedFiles(relay).isEmpty(), 5000);
    // The quota counts unexpired files only: there is room again.
    QCOMPARE(put().status, 200);
}

QTEST_GUILESS_MAIN(TestRelayAttachments)
#include "tst_relay_attachments.moc"
