// Authorization against the real relay: an attacker tries thousands of generated variants of
// other people's private room, topic and dm names (case, Unicode look-alikes, combining and
// zero-width characters, path tricks, wildcards, whitespace, NUL, very long) with every request
// that reads or writes a stream. Every attempt must be refused, the owner's checker client must
// see nothing arrive, and no reply to the attacker may contain a private name.
#include "protocol/codec.h"
#include "rawclient.h"
#include "relayprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace confab::protocol;

namespace {

const QString kPassword = u"access test password"_s;
const QString kRoom = u"secret-plans"_s;
const QString kTopic = u"payroll"_s;
const QString kDm = u"alice+bob"_s;

// Variants of a name someone might try in place of the real one.
QStringList nameVariants(const QString &name, QRandomGenerator &random)
{
    QStringList variants { name, name.toUpper(), name.left(1).toUpper() + name.mid(1), name + u'/',
        u"../"_s + name, u"./"_s + name, name + u"/.."_s, u"%2e%2e/"_s + name, name.left(3) + u"%2d"_s + name.mid(4),
        u"/"_s + name, name + u"//"_s, u"*"_s, u"?"_s, u"%"_s, u"_"_s, name.left(3) + u'*', name.left(3) + u'%',
        name.left(3) + u'_' + name.mid(4), name.left(name.size() - 1) + u'?', u" "_s + name, name + u" "_s,
        name + u"\t"_s, name + u"\n"_s, name + QChar(0), QChar(0) + name, name + u"\u200B"_s,
        name.left(2) + u"\u200D"_s + name.mid(2), name + u"\u0301"_s, name.left(1) + u"\u0308"_s + name.mid(1),
        name + u"\uFEFF"_s, name + QString(5000, u'a'), QString(3, u'/') + name };
    // Look-alikes: Cyrillic and fullwidth forms of letters, at random places.
    const QHash<QChar, QChar> cyrillic { { u'a', QChar(0x0430) }, { u'e', QChar(0x0435) }, { u'o', QChar(0x043E) },
        { u'p', QChar(0x0440) }, { u'c', QChar(0x0441) }, { u'l', QChar(0x04CF) }, { u's', QChar(0x0455) } };
    for (int round = 0; round < 12; ++round) {
        QString lookAlike = name;
        QString fullwidth = name;
        for (qsizetype i = 0; i < name.size(); ++i) {
            if (random.bounded(2) && cyrillic.contains(name.at(i)))
                lookAlike[i] = cyrillic.value(name.at(i));
            const char16_t c = name.at(i).unicode();
            if (random.bounded(2) && c > 0x20 && c < 0x7f)
                fullwidth[i] = QChar(char16_t(c - 0x20 + 0xFF00));
        }
        variants << lookAlike << fullwidth;
        // Random case.
        QString mixed = name;
        for (qsizetype i = 0; i < mixed.size(); ++i) {
            if (random.bounded(2))
                mixed[i] = mixed.at(i).toUpper();
        }
        variants << mixed;
    }
    variants.removeDuplicates();
    return variants;
}

QStringList streamVariants(QRandomGenerator &random)
{
    QStringList ids;
    for (const QString &prefix : { u"room:"_s, u"topic:"_s, u"dm:"_s, u"ROOM:"_s, u"Topic:"_s, u"room::"_s, u""_s }) {
        for (const QString &name : { kRoom, kTopic, kDm }) {
            for (const QString &variant : nameVariants(name, random))
                ids << prefix + variant;
        }
    }
    ids << u"dm:bob+alice"_s << u"dm:alice+bob+mallory"_s << u"dm:alice+alice+bob"_s << u"user:alice"_s
        << u"user:bob"_s << u"user:ALICE"_s << u"dm:alice%2bbob"_s << u"dm:alice bob"_s;
    ids.removeDuplicates();
    return ids;
}

QByteArray request(const QString &type, const QString &id, const QString &stream)
{
    QJsonObject object { { u"type"_s, type }, { u"id"_s, id }, { u"stream"_s, stream } };
    if (type == "send"_L1) {
        object.insert(u"client_msg_id"_s, id);
        object.insert(u"text"_s, u"leak?"_s);
    } else if (type == "publish"_L1) {
        object.insert(u"client_msg_id"_s, id);
        object.insert(u"body"_s, u"leak?"_s);
    } else if (type == "mark_read"_L1) {
        object.insert(u"seq"_s, 1);
    } else if (type == "invite"_L1) {
        object.insert(u"user"_s, u"mallory"_s);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestRelayAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void privateStreamsResistProbing();
    void listStreamsHidesPrivateThings();

private:
    RelayProcess m_relay;
    RawClient m_owner;
};

void TestRelayAccess::initTestCase()
{
    for (const QString &user : { u"alice"_s, u"bob"_s, u"mallory"_s })
        QVERIFY(m_relay.addUser(user, kPassword));
    QVERIFY(m_relay.runCommand({ u"topic"_s, u"create"_s, kTopic, u"--data-dir"_s, m_relay.dataDir() }).exitCode == 0);
    QVERIFY(m_relay.runCommand({ u"acl"_s, u"grant"_s, kTopic, u"user:alice"_s, u"read-write"_s, u"--data-dir"_s,
                                   m_relay.dataDir() })
                .exitCode == 0);
    // Probes are errors by design: lift the per-connection budgets that would cut them short.
    m_relay.setExtraArguments({ u"--error-budget"_s, u"1000000"_s, u"--rate-burst"_s, u"1000000"_s,
        u"--rate-per-second"_s, u"1000000"_s });
    QVERIFY(m_relay.start());

    QVERIFY(m_owner.login(m_relay.url(), u"alice"_s, kPassword));
    CreateRoom room;
    room.id = u"room"_s;
    room.name = kRoom;
    room.visibility = RoomVisibility::Private;
    QVERIFY(m_owner.request(room));
    QVERIFY(m_owner.request(OpenDm { u"dm"_s, { u"bob"_s } }));
    for (const QString &stream : QStringList { u"room:"_s + kRoom, u"topic:"_s + kTopic, u"dm:"_s + kDm })
        QVERIFY2(m_owner.subscribe(stream), qPrintable(stream));
}

void TestRelayAccess::privateStreamsResistProbing()
{
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo() << "seed" << seed;
    QRandomGenerator random(seed);
    const QStringList ids = streamVariants(random);
    qInfo() << ids.size() << "stream ids";

    RawClient mallory;
    QVERIFY(mallory.login(m_relay.url(), u"mallory"_s, kPassword));
    const QStringList types { u"subscribe"_s, u"history"_s, u"send"_s, u"publish"_s, u"list_members"_s,
        u"join"_s, u"mark_read"_s, u"invite"_s, u"leave"_s };
    int sent = 0;
    for (const QString &id : ids) {
        for (const QString &type : types)
            mallory.sendText(QString::fromUtf8(request(type, u"p%1"_s.arg(sent++), id)));
    }
    // Every probe gets exactly one answer, and it is an error.
    const std::optional<QList<Frame>> replies = mallory.roundTrip(60'000);
    QVERIFY(replies);
    QCOMPARE(replies->size(), sent);
    for (const Frame &reply : *replies) {
        QVERIFY2(std::holds_alternative<Error>(reply),
            qPrintable(u"seed %1: %2 was answered with %3"_s.arg(seed).arg(idOf(reply), messageTypeName(typeOf(reply)))));
        const ErrorCode code = std::get<Error>(reply).code;
        QVERIFY2(code != ErrorCode::Internal, qPrintable(u"seed %1: %2"_s.arg(seed).arg(idOf(reply))));
    }
    for (const QByteArray &raw : mallory.rawFrames()) {
        for (const QString &secret : { kRoom, kTopic, kDm })
            QVERIFY2(!raw.contains(secret.toUtf8()), raw.left(300).constData());
    }
    // The owner saw nothing: no message, no member change, no notification.
    QVERIFY(m_owner.quiet());
    // And the attacker is still not in the private room.
    const auto members = m_owner.call(ListMembers { u"m"_s, u"room:"_s + kRoom });
    QVERIFY(members && std::holds_alternative<Members>(*members));
    QCOMPARE(std::get<Members>(*members).members.size(), 1);
}

void TestRelayAccess::listStreamsHidesPrivateThings()
{
    RawClient mallory;
    QVERIFY(mallory.login(m_relay.url(), u"mallory"_s, kPassword));
    const auto listed = mallory.call(ListStreams { u"ls"_s });
    QVERIFY(listed && std::holds_alternative<Streams>(*listed));
    for (const StreamSummary &summary : std::get<Streams>(*listed).streams) {
        QVERIFY2(!summary.stream.contains(kRoom) && !summary.stream.contains(kTopic) && !summary.stream.contains(kDm),
            qPrintable(summary.stream));
    }
    const auto own = m_owner.call(ListStreams { u"ls"_s });
    QVERIFY(own && std::holds_alternative<Streams>(*own));
    QStringList ownIds;
    for (const StreamSummary &summary : std::get<Streams>(*own).streams)
        ownIds << summary.stream;
    QVERIFY(ownIds.contains(u"room:"_s + kRoom));
    QVERIFY(ownIds.contains(u"topic:"_s + kTopic));
    QVERIFY(ownIds.contains(u"dm:"_s + kDm));
}

QTEST_GUILESS_MAIN(TestRelayAccess)
#include "tst_relay_access.moc"
