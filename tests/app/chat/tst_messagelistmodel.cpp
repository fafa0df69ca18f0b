// The message list as the chat view shows it: headers grouped by sender and day, pending and
// refused messages from the outbox, acknowledgements that keep their row, reactions, and updates
// told to the view row by row (a reset would lose the scroll position).
#include "chat/messagelistmodel.h"
#include "protocol/codec.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using confab::app::MessageListModel;
using confab::client::OutboxEntry;
using confab::client::StoredMessage;
namespace proto = confab::protocol;

namespace {

const QString kRoom = u"room:general"_s;

QDateTime at(int daysBack, int hour, int minute)
{
    return QDateTime(QDate(2026, 3, 10).addDays(-daysBack), QTime(hour, minute));
}

StoredMessage message(qint64 seq, const QString &sender, const QString &text, const QDateTime &when,
    const QString &clientMsgId = {})
{
    StoredMessage m;
    m.stream = kRoom;
    m.seq = seq;
    m.ts = when.toMSecsSinceEpoch();
    m.sender = sender;
    m.clientMsgId = clientMsgId.isEmpty() ? u"cid-%1"_s.arg(seq) : clientMsgId;
    m.text = text;
    return m;
}

OutboxEntry pendingSend(const QString &key, const QString &text, bool failed = false, qint64 replyTo = 0)
{
    OutboxEntry e;
    e.key = key;
    e.stream = kRoom;
    e.frame = proto::encode(
        proto::Send { {}, kRoom, key, text, replyTo > 0 ? std::optional(replyTo) : std::nullopt });
    e.state = failed ? OutboxEntry::State::Failed : OutboxEntry::State::Sending;
    e.error = failed ? u"You may not post to room:general (forbidden)."_s : QString();
    e.createdAt = at(0, 11, 0).toMSecsSinceEpoch();
    e.text = text;
    return e;
}

QVariant value(const MessageListModel &model, int row, MessageListModel::Role role)
{
    return model.data(model.index(row), role);
}

} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void groupsBySenderAndDay();
    void outboxRowsShowSendingAndFailed();
    void acknowledgementKeepsTheRow();
    void newMessagesAndOlderPagesAreInserted();
    void slidingWindowAddsNewRowsBeforeDroppingOldOnes();
    void editsDeletesAndReactionsChangeRows();
    void refusedEditMarksItsMessage();
    void repliesShowWhatTheyAnswer();
    void mentionsAndFirstUnread();

private:
    std::unique_ptr<MessageListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestMessageListModel::init()
{
    m_model = std::make_unique<MessageListModel>();
    m_model->setOwnUser(u"alice"_s);
    m_model->setReferenceTime(at(0, 12, 0));
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestMessageListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

void TestMessageListModel::groupsBySenderAndDay()
{
    m_model->reset({ message(1, u"bob"_s, u"late"_s, at(1, 23, 58)),
                       message(2, u"bob"_s, u"after midnight"_s, at(0, 0, 1)),
                       message(3, u"bob"_s, u"same run"_s, at(0, 0, 3)),
                       message(4, u"bob"_s, u"after a pause"_s, at(0, 0, 10)),
                       message(5, u"carol"_s, u"someone else"_s, at(0, 0, 11)),
                       message(6, u"bob"_s, u"back again"_s, at(0, 0, 12)) },
        {});
    QCOMPARE(m_model->rowCount(), 6);
    QCOMPARE(value(*m_model, 0, MessageListModel::ShowDayRole).toBool(), true);
    QCOMPARE(value(*m_model, 0, MessageListModel::DayLabelRole).toString(), u"Yesterday"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::ShowDayRole).toBool(), true);
    QCOMPARE(value(*m_model, 1, MessageListModel::DayLabelRole).toString(), u"Today"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::ShowSenderRole).toBool(), true);
    QCOMPARE(value(*m_model, 2, MessageListModel::ShowDayRole).toBool(), false);
    QCOMPARE(value(*m_model, 2, MessageListModel::ShowSenderRole).toBool(), false);
    QCOMPARE(value(*m_model, 3, MessageListModel::ShowSenderRole).toBool(), true); // 7 minutes later
    QCOMPARE(value(*m_model, 4, MessageListModel::ShowSenderRole).toBool(), true);
    QCOMPARE(value(*m_model, 5, MessageListModel::ShowSenderRole).toBool(), true);

    m_model->reset({ message(1, u"bob"_s, u"old"_s, at(5, 9, 0)) }, {});
    const QString label = value(*m_model, 0, MessageListModel::DayLabelRole).toString();
    QVERIFY(label != u"Today"_s && label != u"Yesterday"_s);
    QVERIFY2(label.contains(u"2026"_s), qPrintable(label));
    QCOMPARE(value(*m_model, 0, MessageListModel::TimeRole).toDateTime(), at(5, 9, 0));
}

void TestMessageListModel::outboxRowsShowSendingAndFailed()
{
    m_model->reset({ message(1, u"bob"_s, u"hi"_s, at(0, 10, 0)) },
        { pendingSend(u"key-a"_s, u"on its way"_s), pendingSend(u"key-b"_s, u"refused"_s, true) });
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"sent"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::SeqRole).toLongLong(), 0);
    QCOMPARE(value(*m_model, 1, MessageListModel::StatusRole).toString(), u"sending"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::TextRole).toString(), u"on its way"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::IsOwnRole).toBool(), true);
    QCOMPARE(value(*m_model, 1, MessageListModel::OutboxKeyRole).toString(), u"key-a"_s);
    QCOMPARE(value(*m_model, 2, MessageListModel::StatusRole).toString(), u"failed"_s);
    QVERIFY(value(*m_model, 2, MessageListModel::ErrorRole).toString().contains(u"may not post"_s));
    QCOMPARE(value(*m_model, 2, MessageListModel::OutboxKeyRole).toString(), u"key-b"_s);
}

void TestMessageListModel::acknowledgementKeepsTheRow()
{
    const StoredMessage bob = message(1, u"bob"_s, u"hi"_s, at(0, 10, 0));
    m_model->reset({ bob }, { pendingSend(u"key-a"_s, u"mine"_s), pendingSend(u"key-b"_s, u"second"_s) });
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);

    // The message is stored before the outbox entry is removed, then the entry goes: one row all along.
    const StoredMessage mine = message(2, u"alice"_s, u"mine"_s, at(0, 11, 0), u"key-a"_s);
    m_model->update(
        { bob, mine }, { pendingSend(u"key-a"_s, u"mine"_s), pendingSend(u"key-b"_s, u"second"_s) });
    m_model->update({ bob, mine }, { pendingSend(u"key-b"_s, u"second"_s) });
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(value(*m_model, 1, MessageListModel::SeqRole).toLongLong(), 2);
    QCOMPARE(value(*m_model, 1, MessageListModel::StatusRole).toString(), u"sent"_s);
    QCOMPARE(value(*m_model, 1, MessageListModel::OutboxKeyRole).toString(), QString());
    QCOMPARE(value(*m_model, 2, MessageListModel::StatusRole).toString(), u"sending"_s);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(resets.size(), 0);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 1);
}

void TestMessageListModel::newMessagesAndOlderPagesAreInserted()
{
    QList<StoredMessage> stored;
    for (int seq = 10; seq < 20; ++seq)
        stored.append(message(seq, seq % 2 ? u"bob"_s : u"carol"_s, u"m%1"_s.arg(seq), at(0, 9, seq)));
    m_model->reset(stored, {});
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy count(m_model.get(), &MessageListModel::countChanged);

    stored.append(message(20, u"bob"_s, u"new"_s, at(0, 9, 30)));
    m_model->update(stored, {});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.last().at(1).toInt(), 10);
    QCOMPARE(inserted.last().at(2).toInt(), 10);

    QList<StoredMessage> older;
    for (int seq = 5; seq < 10; ++seq)
        older.append(message(seq, u"bob"_s, u"m%1"_s.arg(seq), at(0, 8, seq)));
    m_model->update(older + stored, {});
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.last().at(1).toInt(), 0);
    QCOMPARE(inserted.last().at(2).toInt(), 4);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(count.size(), 2);
    QCOMPARE(m_model->rowCount(), 16);
    QCOMPARE(m_model->oldestSeq(), 5);
    QCOMPARE(m_model->newestSeq(), 20);
    QCOMPARE(m_model->rowOfSeq(12), 7);
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(value(*m_model, row, MessageListModel::SeqRole).toLongLong(), row + 5);
}

void TestMessageListModel::slidingWindowAddsNewRowsBeforeDroppingOldOnes()
{
    // A flood moves the window past every row it held: the view that follows the newest message
    // must learn of the new rows (and move to them) while the old ones are still there, else it
    // lays out the new rows where the old ones were first.
    const auto window = [](int first, int last) {
        QList<StoredMessage> rows;
        for (int seq = first; seq <= last; ++seq)
            rows.append(message(seq, seq % 3 ? u"bob"_s : u"carol"_s, u"m%1"_s.arg(seq), at(0, 9, seq % 60)));
        return rows;
    };
    m_model->reset(window(1, 10), {});
    QStringList events;
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this,
        [&](const QModelIndex &, int first, int last) {
            events.append(u"insert %1-%2"_s.arg(first).arg(last));
        });
    connect(
        m_model.get(), &QAbstractItemModel::rowsRemoved, this, [&](const QModelIndex &, int first, int last) {
            events.append(u"remove %1-%2"_s.arg(first).arg(last));
        });
    connect(m_model.get(), &MessageListModel::rowsAppended, this, [&] {
        events.append(u"appended, newest %1"_s.arg(
            value(*m_model, m_model->rowCount() - 1, MessageListModel::SeqRole).toLongLong()));
    });
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, [&] { events.append(u"reset"_s); });

    m_model->update(window(31, 40), {}); // every row new
    QCOMPARE(events, QStringList({ u"insert 10-19"_s, u"appended, newest 40"_s, u"remove 0-9"_s }));
    events.clear();
    m_model->update(window(36, 45), {}); // half the rows new
    QCOMPARE(events, QStringList({ u"insert 10-14"_s, u"appended, newest 45"_s, u"remove 0-4"_s }));
    events.clear();
    m_model->update(window(36, 45), {}); // nothing new
    QCOMPARE(events, QStringList());
    QCOMPARE(m_model->rowCount(), 10);
    for (int row = 0; row < m_model->rowCount(); ++row)
        QCOMPARE(value(*m_model, row, MessageListModel::SeqRole).toLongLong(), row + 36);
    // Grouping follows the new neighbours: the new first row starts a day and shows its sender.
    QCOMPARE(value(*m_model, 0, MessageListModel::ShowDayRole).toBool(), true);
    QCOMPARE(value(*m_model, 0, MessageListModel::ShowSenderRole).toBool(), true);
}

void TestMessageListModel::editsDeletesAndReactionsChangeRows()
{
    StoredMessage a = message(1, u"bob"_s, u"first"_s, at(0, 10, 0));
    StoredMessage b = message(2, u"bob"_s, u"second"_s, at(0, 10, 1));
    m_model->reset({ a, b }, {});
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);

    b.text = u"second, **edited**"_s;
    b.edited = true;
    m_model->update({ a, b }, {});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.last().at(0).toModelIndex().row(), 1);
    QCOMPARE(value(*m_model, 1, MessageListModel::EditedRole).toBool(), true);
    QVERIFY(!value(*m_model, 1, MessageListModel::HtmlRole).toString().contains(u"**"_s));

    a.reactions.insert(u"👍"_s, { u"bob"_s, u"alice"_s });
    a.reactions.insert(u"🎉"_s, { u"carol"_s });
    m_model->update({ a, b }, {});
    const QVariantList reactions = value(*m_model, 0, MessageListModel::ReactionsRole).toList();
    QCOMPARE(reactions.size(), 2);
    const QVariantMap thumbs = reactions.at(0).toMap();
    QCOMPARE(thumbs.value(u"emoji"_s).toString(), u"👍"_s);
    QCOMPARE(thumbs.value(u"count"_s).toInt(), 2);
    QCOMPARE(thumbs.value(u"mine"_s).toBool(), true);
    QCOMPARE(thumbs.value(u"users"_s).toStringList(), QStringList({ u"bob"_s, u"alice"_s }));
    QCOMPARE(reactions.at(1).toMap().value(u"mine"_s).toBool(), false);

    // A deleted message keeps its row (the view says it was deleted), without its text.
    a.deleted = true;
    a.text.clear();
    QCOMPARE(value(*m_model, 1, MessageListModel::ShowSenderRole).toBool(), false);
    m_model->update({ a, b }, {});
    QCOMPARE(value(*m_model, 0, MessageListModel::DeletedRole).toBool(), true);
    QCOMPARE(value(*m_model, 0, MessageListModel::HtmlRole).toString(), QString());
    QCOMPARE(resets.size(), 0);
}

void TestMessageListModel::refusedEditMarksItsMessage()
{
    const StoredMessage mine = message(1, u"alice"_s, u"typo"_s, at(0, 10, 0));
    OutboxEntry edit;
    edit.key = u"edit-1"_s;
    edit.stream = kRoom;
    edit.frame = proto::encode(proto::Edit { {}, kRoom, u"edit-1"_s, 1, u"fixed"_s });
    edit.text = u"fixed"_s;
    m_model->reset({ mine }, { edit });
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"sending"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), u"fixed"_s);
    edit.state = OutboxEntry::State::Failed;
    edit.error = u"The relay refused it."_s;
    m_model->update({ mine }, { edit });
    QCOMPARE(value(*m_model, 0, MessageListModel::StatusRole).toString(), u"failed"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::TextRole).toString(), u"typo"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::OutboxKeyRole).toString(), u"edit-1"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::ErrorRole).toString(), u"The relay refused it."_s);
}

void TestMessageListModel::repliesShowWhatTheyAnswer()
{
    StoredMessage question
        = message(2, u"bob"_s, u"**Lunch** at noon? "_s + QString(100, u'.'), at(0, 10, 0));
    StoredMessage answer = message(3, u"alice"_s, u"yes"_s, at(0, 10, 1));
    answer.replyTo = 2;
    StoredMessage farAnswer = message(4, u"alice"_s, u"and that too"_s, at(0, 10, 2));
    farAnswer.replyTo = 1; // not loaded: found through the lookup
    m_model->setLookup([](qint64 seq) -> std::optional<StoredMessage> {
        if (seq == 1)
            return message(1, u"carol"_s, u"an old one"_s, at(1, 10, 0));
        return std::nullopt;
    });
    m_model->reset({ question, answer, farAnswer }, {});
    QCOMPARE(value(*m_model, 1, MessageListModel::ReplyToRole).toLongLong(), 2);
    QCOMPARE(value(*m_model, 1, MessageListModel::ReplySenderRole).toString(), u"bob"_s);
    const QString preview = value(*m_model, 1, MessageListModel::ReplyPreviewRole).toString();
    QVERIFY2(preview.startsWith(u"Lunch at noon?"_s), qPrintable(preview));
    QVERIFY(preview.size() <= 80);
    QCOMPARE(value(*m_model, 2, MessageListModel::ReplySenderRole).toString(), u"carol"_s);
    QCOMPARE(value(*m_model, 2, MessageListModel::ReplyPreviewRole).toString(), u"an old one"_s);
    QCOMPARE(value(*m_model, 0, MessageListModel::ReplyToRole).toLongLong(), 0);
}

void TestMessageListModel::mentionsAndFirstUnread()
{
    m_model->reset({ message(1, u"bob"_s, u"hi @alice"_s, at(0, 10, 0)),
                       message(2, u"alice"_s, u"hi @alice, me"_s, at(0, 10, 1)),
                       message(3, u"bob"_s, u"hi @bob"_s, at(0, 10, 2)) },
        {});
    QCOMPARE(value(*m_model, 0, MessageListModel::MentionsMeRole).toBool(), true);
    QCOMPARE(value(*m_model, 1, MessageListModel::MentionsMeRole).toBool(), false);
    QCOMPARE(value(*m_model, 2, MessageListModel::MentionsMeRole).toBool(), false);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setFirstUnreadSeq(3);
    QCOMPARE(value(*m_model, 2, MessageListModel::IsFirstUnreadRole).toBool(), true);
    QCOMPARE(value(*m_model, 0, MessageListModel::IsFirstUnreadRole).toBool(), false);
    QCOMPARE(changed.size(), 1);
}

QTEST_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
