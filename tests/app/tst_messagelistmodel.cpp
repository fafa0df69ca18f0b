#include "messagelistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using confab::app::MessageListModel;
using confab::protocol::Message;

namespace {

Message message(qint64 seq, const QString &sender, const QString &text, const QString &clientMsgId = {})
{
    Message m;
    m.stream = u"room:general"_s;
    m.epoch = u"e1"_s;
    m.seq = seq;
    m.ts = 1'700'000'000'000 + seq * 1000;
    m.sender = sender;
    m.clientMsgId = clientMsgId.isEmpty() ? u"%1-%2"_s.arg(sender).arg(seq) : clientMsgId;
    m.text = text;
    return m;
}

QVariant value(const MessageListModel &model, int row, MessageListModel::Role role)
{
    return model.data(model.index(row), role);
}

QList<qint64> seqs(const MessageListModel &model)
{
    QList<qint64> result;
    for (int row = 0; row < model.rowCount(); ++row)
        result << value(model, row, MessageListModel::SeqRole).toLongLong();
    return result;
}

} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rolesAreNamedForQml()
    {
        MessageListModel model;
        const auto names = model.roleNames();
        QCOMPARE(names.value(MessageListModel::SeqRole), "seq");
        QCOMPARE(names.value(MessageListModel::SenderRole), "sender");
        QCOMPARE(names.value(MessageListModel::TextRole), "text");
        QCOMPARE(names.value(MessageListModel::TimestampRole), "timestamp");
        QCOMPARE(names.value(MessageListModel::IsOwnRole), "isOwn");
        QCOMPARE(names.value(MessageListModel::ClientMsgIdRole), "clientMsgId");
        QCOMPARE(names.value(MessageListModel::StatusRole), "status");
        QCOMPARE(int(MessageListModel::SeqRole), Qt::UserRole + 1);
    }

    void incomingMessagesAppearWithTheirValues()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOwnUserName(u"alice"_s);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        QVERIFY(model.addIncoming(message(1, u"bob"_s, u"hi <b>all</b>"_s, u"c-1"_s)));
        QVERIFY(model.addIncoming(message(2, u"alice"_s, u"hello"_s)));

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(inserted.size(), 2);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(value(model, 0, MessageListModel::SeqRole).toLongLong(), 1);
        QCOMPARE(value(model, 0, MessageListModel::SenderRole).toString(), u"bob"_s);
        QCOMPARE(value(model, 0, MessageListModel::TextRole).toString(), u"hi <b>all</b>"_s);
        QCOMPARE(value(model, 0, MessageListModel::TimestampRole).toDateTime(),
            QDateTime::fromMSecsSinceEpoch(1'700'000'001'000));
        QCOMPARE(value(model, 0, MessageListModel::IsOwnRole).toBool(), false);
        QCOMPARE(value(model, 0, MessageListModel::ClientMsgIdRole).toString(), u"c-1"_s);
        QCOMPARE(value(model, 0, MessageListModel::StatusRole).toString(), u"sent"_s);
        // Messages by the signed-in user from another device are theirs too.
        QCOMPARE(value(model, 1, MessageListModel::IsOwnRole).toBool(), true);
    }

    void repeatedDeliveryIsShownOnce()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.addIncoming(message(1, u"bob"_s, u"one"_s)));
        QVERIFY(!model.addIncoming(message(1, u"bob"_s, u"one"_s)));
        QCOMPARE(model.rowCount(), 1);
    }

    void lateMessagesTakeTheirPlaceBySeq()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addIncoming(message(1, u"bob"_s, u"one"_s));
        model.addIncoming(message(3, u"bob"_s, u"three"_s));
        model.addIncoming(message(2, u"carol"_s, u"two"_s));
        QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3 }));
    }

    void sentMessageShowsAtOnceAndBecomesSentOnAck()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOwnUserName(u"alice"_s);
        model.addIncoming(message(1, u"bob"_s, u"hi"_s));
        QSignalSpy countChanged(&model, &MessageListModel::countChanged);

        const QDateTime sentAt = QDateTime::fromMSecsSinceEpoch(1'700'000'005'000);
        model.addOutgoing(u"local-1"_s, u"hello bob"_s, sentAt);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(countChanged.size(), 1);
        QCOMPARE(value(model, 1, MessageListModel::StatusRole).toString(), u"sending"_s);
        QCOMPARE(value(model, 1, MessageListModel::IsOwnRole).toBool(), true);
        QCOMPARE(value(model, 1, MessageListModel::SenderRole).toString(), u"alice"_s);
        QCOMPARE(value(model, 1, MessageListModel::SeqRole).toLongLong(), 0);
        QCOMPARE(value(model, 1, MessageListModel::TimestampRole).toDateTime(), sentAt);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.markAcknowledged(u"local-1"_s, 2));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
        QCOMPARE(value(model, 1, MessageListModel::StatusRole).toString(), u"sent"_s);
        QCOMPARE(value(model, 1, MessageListModel::SeqRole).toLongLong(), 2);
        QVERIFY(!model.markAcknowledged(u"unknown"_s, 9));
    }

    void echoOfOwnMessageDoesNotDuplicateIt()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOwnUserName(u"alice"_s);
        model.addOutgoing(u"local-1"_s, u"hello"_s);

        // Ack first, then the echo: one row, with the relay's commit time.
        model.markAcknowledged(u"local-1"_s, 1);
        QVERIFY(!model.addIncoming(message(1, u"alice"_s, u"hello"_s, u"local-1"_s)));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(value(model, 0, MessageListModel::TimestampRole).toDateTime(),
            QDateTime::fromMSecsSinceEpoch(1'700'000'001'000));

        // The echo may also overtake the ack.
        model.addOutgoing(u"local-2"_s, u"again"_s);
        QVERIFY(!model.addIncoming(message(2, u"alice"_s, u"again"_s, u"local-2"_s)));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(value(model, 1, MessageListModel::StatusRole).toString(), u"sent"_s);
        QVERIFY(model.markAcknowledged(u"local-2"_s, 2));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(seqs(model), (QList<qint64> { 1, 2 }));
    }

    void sendingMessagesStayBelowStoredOnes()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOwnUserName(u"alice"_s);
        model.addIncoming(message(1, u"bob"_s, u"one"_s));
        model.addOutgoing(u"local-a"_s, u"mine a"_s);
        model.addOutgoing(u"local-b"_s, u"mine b"_s);

        // Bob's message was committed while ours were in flight: it goes above them.
        model.addIncoming(message(2, u"bob"_s, u"two"_s));
        QCOMPARE(value(model, 1, MessageListModel::TextRole).toString(), u"two"_s);
        QCOMPARE(value(model, 2, MessageListModel::StatusRole).toString(), u"sending"_s);

        // Acks in the other order: each message moves to its place by seq.
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        model.markAcknowledged(u"local-b"_s, 3);
        model.markAcknowledged(u"local-a"_s, 4);
        QCOMPARE(moved.size(), 1);
        QCOMPARE(seqs(model), (QList<qint64> { 1, 2, 3, 4 }));
        QCOMPARE(value(model, 2, MessageListModel::TextRole).toString(), u"mine b"_s);
        QCOMPARE(value(model, 3, MessageListModel::TextRole).toString(), u"mine a"_s);
    }

    void ownershipFollowsTheSignedInUser()
    {
        MessageListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addIncoming(message(1, u"alice"_s, u"hi"_s));
        QCOMPARE(value(model, 0, MessageListModel::IsOwnRole).toBool(), false);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setOwnUserName(u"alice"_s);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(value(model, 0, MessageListModel::IsOwnRole).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
