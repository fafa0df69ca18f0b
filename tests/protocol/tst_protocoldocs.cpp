// docs/protocol.md is the contract a client is written from, so its examples must be true: every
// JSON example is a frame the codec accepts, and the annotated session is a valid exchange.

#include "framesamples.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QtTest/QTest>

using namespace confab::protocol;
using namespace Qt::StringLiterals;

namespace {

QByteArray describe(const DecodeResult &result)
{
    return result.ok() ? encode(result.frame()).left(300) : result.error().message.toUtf8();
}

} // namespace

class TestProtocolDocs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonExamplesDecode();
    void sessionIsValid();

private:
    QString m_docs;
};

void TestProtocolDocs::initTestCase()
{
    QFile file(qEnvironmentVariable("CONFAB_SOURCE_DIR") + u"/docs/protocol.md"_s);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    m_docs = QString::fromUtf8(file.readAll());
}

// Every ```json block in docs/protocol.md is one frame a peer could send: it must decode, and
// together they show every message type.
void TestProtocolDocs::jsonExamplesDecode()
{
    const QString &text = m_docs;
    static const QRegularExpression block(
        u"```json\\n(.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
    QSet<int> types;
    int count = 0;
    for (const QRegularExpressionMatch &match : block.globalMatch(text)) {
        const QByteArray example = match.captured(1).toUtf8();
        const DecodeResult result = decode(example);
        QVERIFY2(result.ok(), QByteArray(example + " -> " + describe(result)).constData());
        const DecodeResult again = decode(encode(result.frame()));
        QVERIFY(again.ok());
        QCOMPARE(again.frame(), result.frame());
        types.insert(int(typeOf(result.frame())));
        ++count;
    }
    QVERIFY(count >= 10);
    QCOMPARE(types.size(), qsizetype(messageTypes().size()));
}

// The ```session block: `C:` lines are client-to-relay frames, `R:` lines relay-to-client frames,
// and a `C!` line is a frame the relay rejects with the error on the next line.
void TestProtocolDocs::sessionIsValid()
{
    static const QRegularExpression block(
        u"```session\\n(.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = block.match(m_docs);
    QVERIFY(match.hasMatch());
    int frames = 0;
    std::optional<DecodeError> rejected;
    for (const QString &line : match.captured(1).split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(u'#'))
            continue;
        const DecodeResult result = decode(line.mid(3).toUtf8());
        ++frames;
        if (line.startsWith(u"C! ")) {
            QVERIFY2(!result.ok(), qPrintable(line));
            rejected = result.error();
            continue;
        }
        QVERIFY2(line.startsWith(u"C: ") || line.startsWith(u"R: "), qPrintable(line));
        QVERIFY2(result.ok(), qPrintable(line + u" -> "_s + QString::fromUtf8(describe(result))));
        const Direction expected
            = line.startsWith(u'C') ? Direction::ClientToRelay : Direction::RelayToClient;
        QVERIFY2(messageDirection(typeOf(result.frame())) == expected, qPrintable(line));
        if (rejected) {
            const Error *error = std::get_if<Error>(&result.frame());
            QVERIFY2(error, "a rejected frame is answered with an error");
            QCOMPARE(error->code, rejected->code);
            QCOMPARE(error->id, rejected->id);
            QCOMPARE(error->message, rejected->message);
            rejected.reset();
        }
    }
    QVERIFY(!rejected);
    QVERIFY(frames >= 10);
}

QTEST_GUILESS_MAIN(TestProtocolDocs)
#include "tst_protocoldocs.moc"
