// SearchModel over a real local store (SQLite FTS5): highlighted hits, HTML shown as text, and any
// query the user can type answered without failing.
#include "client/account/account.h"
#include "client/store/localstore.h"
#include "lists/searchmodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace confab;
using confab::app::SearchModel;

class TestSearchModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void matchesAreBoldAndRowsCarryTheirStream();
    void htmlInAMessageShowsAsText();
    void emptyQueryShowsNothing();
    void notificationsAreFoundToo();
    void hostileQueriesNeverFail();
    void snippetMarkersAreAlwaysBalanced();

private:
    void addMessage(const QString &stream, qint64 seq, const QString &sender, const QString &text);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<client::Account> m_account;
    std::unique_ptr<SearchModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestSearchModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    client::AccountSettings settings;
    settings.id = u"a1"_s;
    settings.relayUrl = QUrl(u"ws://127.0.0.1:1/v1/ws"_s);
    settings.username = u"alice"_s;
    settings.rememberCredentials = false;
    m_account = std::make_unique<client::Account>(settings, m_dir->filePath(u"alice"_s), nullptr, nullptr);
    QCOMPARE(m_account->open(), std::nullopt);
    m_model = std::make_unique<SearchModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setAccount(m_account.get());

    addMessage(u"room:general"_s, 1, u"bob"_s, u"the deploy finished at noon"_s);
    addMessage(u"room:general"_s, 2, u"carol"_s, u"lunch anyone?"_s);
    addMessage(u"dm:alice+bob"_s, 1, u"bob"_s, u"can you check the deployment logs"_s);
    addMessage(u"room:general"_s, 3, u"mallory"_s, u"<img src=x onerror=alert(1)> deploy <b>now</b> & later"_s);
}

void TestSearchModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_account.reset();
    m_dir.reset();
}

void TestSearchModel::addMessage(const QString &stream, qint64 seq, const QString &sender, const QString &text)
{
    protocol::Message message;
    message.stream = stream;
    message.epoch = u"e1"_s;
    message.seq = seq;
    message.ts = 1'700'000'000'000 + seq * 1000;
    message.sender = sender;
    message.clientMsgId = u"%1-%2"_s.arg(stream).arg(seq);
    message.text = text;
    QVERIFY(m_account->store()->apply(message));
}

void TestSearchModel::matchesAreBoldAndRowsCarryTheirStream()
{
    QSignalSpy count(m_model.get(), &SearchModel::countChanged);
    m_model->setQuery(u"deploy"_s);
    QCOMPARE(m_model->rowCount(), 3);
    QVERIFY(!count.isEmpty());
    QSet<QString> streams;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        const QString html = index.data(SearchModel::SnippetHtmlRole).toString();
        QVERIFY2(html.contains(u"<b>deploy"_s, Qt::CaseInsensitive), qPrintable(html));
        QCOMPARE(index.data(SearchModel::KindRole).toString(), u"message"_s);
        QVERIFY(index.data(SearchModel::TimeRole).toDateTime().isValid());
        streams.insert(index.data(SearchModel::StreamRole).toString());
        const QVariantMap result = m_model->resultAt(row);
        QCOMPARE(result.value(u"stream"_s), index.data(SearchModel::StreamRole));
        QCOMPARE(result.value(u"seq"_s).toLongLong(), index.data(SearchModel::SeqRole).toLongLong());
        QCOMPARE(result.value(u"kind"_s).toString(), u"message"_s);
        if (index.data(SearchModel::StreamRole) == u"dm:alice+bob"_s) {
            QCOMPARE(index.data(SearchModel::StreamNameRole).toString(), u"bob"_s);
            QCOMPARE(index.data(SearchModel::SenderRole).toString(), u"bob"_s);
        } else {
            QCOMPARE(index.data(SearchModel::StreamNameRole).toString(), u"general"_s);
        }
    }
    QCOMPARE(streams, (QSet<QString> { u"room:general"_s, u"dm:alice+bob"_s }));
    QVERIFY(m_model->resultAt(99).isEmpty());

    // Narrowing the query removes rows (no reset: the tester checks the edits).
    m_model->setQuery(u"logs"_s);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(SearchModel::StreamRole).toString(), u"dm:alice+bob"_s);
}

void TestSearchModel::htmlInAMessageShowsAsText()
{
    m_model->setQuery(u"onerror"_s);
    QCOMPARE(m_model->rowCount(), 1);
    const QString html = m_model->index(0).data(SearchModel::SnippetHtmlRole).toString();
    QVERIFY2(!html.contains(u"<img"_s), qPrintable(html));
    QVERIFY2(html.contains(u"&lt;img"_s), qPrintable(html));
    QVERIFY2(html.contains(u"&lt;b&gt;now&lt;/b&gt;"_s), qPrintable(html));
    QVERIFY2(html.contains(u"&amp;"_s), qPrintable(html));
    // Only our own bold tags remain as markup.
    QString stripped = html;
    stripped.remove(u"<b>"_s).remove(u"</b>"_s);
    QVERIFY2(!stripped.contains(u'<') && !stripped.contains(u'>'), qPrintable(html));
}

void TestSearchModel::emptyQueryShowsNothing()
{
    m_model->setQuery(u"deploy"_s);
    QVERIFY(m_model->rowCount() > 0);
    m_model->setQuery(QString());
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setQuery(u"   "_s);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->searching());
}

void TestSearchModel::notificationsAreFoundToo()
{
    protocol::Notification notification;
    notification.stream = u"topic:backups"_s;
    notification.epoch = u"e1"_s;
    notification.seq = 1;
    notification.ts = 1'700'000'100'000;
    notification.sender = u"cron"_s;
    notification.clientMsgId = u"n1"_s;
    notification.title = u"Backup done"_s;
    notification.body = u"nightly backup of the database finished"_s;
    QVERIFY(m_account->store()->apply(notification));
    m_model->setQuery(u"nightly"_s);
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex index = m_model->index(0);
    QCOMPARE(index.data(SearchModel::KindRole).toString(), u"notification"_s);
    QCOMPARE(index.data(SearchModel::StreamNameRole).toString(), u"backups"_s);
    QCOMPARE(m_model->resultAt(0).value(u"kind"_s).toString(), u"notification"_s);
}

void TestSearchModel::hostileQueriesNeverFail()
{
    QStringList queries = { u"\""_s, u"*"_s, u"deploy*"_s, u"AND OR NOT"_s, u"NEAR(deploy lunch)"_s,
        u"'; DROP TABLE messages; --"_s, u"^deploy"_s, u"deploy:"_s, u"col:deploy"_s, u"(((("_s,
        QString(QChar(0x02)) + u"deploy"_s + QChar(0x03), u"\u00e9t\u00e9 \U0001F680"_s, QString(5000, u'a') };
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("random queries from seed %u", seed);
    QRandomGenerator random(seed);
    const QString alphabet = u"abcdeploy \"*():^-+'\\<>&%_.,;\u00e9\U0001F600\x01\x02\x03"_s;
    for (int i = 0; i < 300; ++i) {
        QString query;
        const int length = random.bounded(1, 40);
        for (int j = 0; j < length; ++j)
            query += alphabet.at(random.bounded(int(alphabet.size())));
        queries.append(query);
    }
    for (const QString &query : std::as_const(queries)) {
        m_model->setQuery(query);
        QVERIFY(m_model->rowCount() <= SearchModel::kLimit);
        for (int row = 0; row < m_model->rowCount(); ++row) {
            QString html = m_model->index(row).data(SearchModel::SnippetHtmlRole).toString();
            html.remove(u"<b>"_s).remove(u"</b>"_s);
            QVERIFY2(!html.contains(u'<'), qPrintable(query));
        }
    }
    // Still searching normally afterwards.
    m_model->setQuery(u"lunch"_s);
    QCOMPARE(m_model->rowCount(), 1);
}

void TestSearchModel::snippetMarkersAreAlwaysBalanced()
{
    const QChar open(0x02);
    const QChar close(0x03);
    QCOMPARE(SearchModel::snippetToHtml(u"a "_s + open + u"b"_s + close + u" c"_s), u"a <b>b</b> c"_s);
    QCOMPARE(SearchModel::snippetToHtml(open + u"x"_s), u"<b>x</b>"_s);
    QCOMPARE(SearchModel::snippetToHtml(close + u"x"_s + open + open + u"y"_s + close + close), u"x<b>y</b>"_s);
    QCOMPARE(SearchModel::snippetToHtml(u"\"quoted\" & <tag>"_s), u"&quot;quoted&quot; &amp; &lt;tag&gt;"_s);
}

QTEST_GUILESS_MAIN(TestSearchModel)
#include "tst_searchmodel.moc"
