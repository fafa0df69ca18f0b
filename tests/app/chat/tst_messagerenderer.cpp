// What other people type is shown, never obeyed: HTML shows as text, images never load, links
// say where they go. Markdown still works.
#include "chat/messagerenderer.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using confab::app::MessageRenderer;

class TestMessageRenderer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void htmlShowsAsText_data();
    void htmlShowsAsText();
    void imagesAreNeverLoaded();
    void markdownIsRendered();
    void linksAreKept();
    void dangerousLinksAreDropped();
    void misleadingLinkLabelShowsTheAddress();
    void linkAddressesCarryNoMarkup();
    void outputIsABodyFragment();
    void mentionsOfMeAreBold();
    void plainPreview();
    void mentionDetection();
};

void TestMessageRenderer::htmlShowsAsText_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("visible");
    QTest::addColumn<QString>("forbidden");
    QTest::newRow("span") << u"<span style=\"font-size:60pt\">big</span>"_s << u"&lt;span"_s
                          << u"font-size:60pt;"_s;
    QTest::newRow("img") << u"<img src=\"https://x.invalid/a.png\">"_s << u"&lt;img"_s << u"<img"_s;
    QTest::newRow("anchor") << u"<a href=\"https://evil.example\">https://bank.example</a>"_s << u"&lt;a"_s
                            << u"href=\"https://evil.example"_s;
    QTest::newRow("script") << u"<script>alert(1)</script>"_s << u"&lt;script&gt;"_s << u"<script"_s;
}

void TestMessageRenderer::htmlShowsAsText()
{
    QFETCH(QString, input);
    QFETCH(QString, visible);
    QFETCH(QString, forbidden);
    const QString html = MessageRenderer::toHtml(input);
    QVERIFY2(html.contains(visible), qPrintable(html));
    QVERIFY2(!html.contains(forbidden), qPrintable(html));
}

void TestMessageRenderer::imagesAreNeverLoaded()
{
    for (const QString &input :
        { u"![alt text](https://x.invalid/i.png)"_s, u"![](https://x.invalid/j.png)"_s,
            u"before ![a](https://x.invalid/1.png)![b](https://x.invalid/2.png) after"_s,
            u"![x](file:///etc/passwd)"_s }) {
        const QString html = MessageRenderer::toHtml(input);
        QVERIFY2(!html.contains("<img"_L1, Qt::CaseInsensitive), qPrintable(html));
    }
    const QString html = MessageRenderer::toHtml(u"![alt text](https://x.invalid/i.png)"_s);
    QVERIFY2(html.contains("alt text"_L1), qPrintable(html));
    QVERIFY2(html.contains("href=\"https://x.invalid/i.png\""_L1), qPrintable(html));
    QVERIFY(!MessageRenderer::toHtml(u"![x](file:///etc/passwd)"_s).contains("file:"_L1));
}

void TestMessageRenderer::markdownIsRendered()
{
    const QString bold = MessageRenderer::toHtml(u"this is **bold**"_s);
    QVERIFY2(
        bold.contains("font-weight:700"_L1) || bold.contains("font-weight:600"_L1) || bold.contains("<b>"_L1),
        qPrintable(bold));
    QVERIFY(!bold.contains("**"_L1));
    const QString code = MessageRenderer::toHtml(u"run `make -j2` now"_s);
    QVERIFY2(code.contains("monospace"_L1) || code.contains("<code"_L1), qPrintable(code));
    QVERIFY(!code.contains(u'`'));
    const QString list = MessageRenderer::toHtml(u"- one\n- two\n"_s);
    QVERIFY2(list.contains("<ul"_L1) && list.count("<li"_L1) == 2, qPrintable(list));
}

void TestMessageRenderer::linksAreKept()
{
    const QString labelled = MessageRenderer::toHtml(u"see [the docs](https://x.example/docs)"_s);
    QVERIFY2(labelled.contains("href=\"https://x.example/docs\""_L1), qPrintable(labelled));
    QVERIFY(labelled.contains("the docs"_L1));
    const QString bare = MessageRenderer::toHtml(u"see https://x.example/page for more"_s);
    QVERIFY2(bare.contains("href=\"https://x.example/page\""_L1), qPrintable(bare));
}

void TestMessageRenderer::dangerousLinksAreDropped()
{
    const QString html = MessageRenderer::toHtml(u"[click](javascript:alert(1)) [f](file:///etc/passwd)"_s);
    QVERIFY2(!html.contains("href"_L1), qPrintable(html));
    QVERIFY(html.contains("click"_L1));
}

void TestMessageRenderer::misleadingLinkLabelShowsTheAddress()
{
    const QString html = MessageRenderer::toHtml(u"[https://bank.example](https://evil.example/login)"_s);
    QVERIFY2(html.contains(">https://evil.example/login<"_L1), qPrintable(html));
    QVERIFY2(!html.contains("bank.example"_L1), qPrintable(html));
}

void TestMessageRenderer::linkAddressesCarryNoMarkup()
{
    // The view shows a hovered link's address in a tooltip, which would read markup in it.
    const QString html = MessageRenderer::toHtml(u"[x](https://a.example/<b>big</b>) [y](https://a.example/\u00a0<b>)"_s);
    QVERIFY2(!html.contains("&lt;b&gt;"_L1) && !html.contains("<b>"_L1), qPrintable(html));
    QVERIFY2(html.contains("href=\"https://a.example/%3Cb%3Ebig%3C/b%3E\""_L1), qPrintable(html));
    QVERIFY2(html.contains("href=\"https://a.example/%C2%A0%3Cb%3E\""_L1), qPrintable(html));
}

void TestMessageRenderer::outputIsABodyFragment()
{
    const QString html = MessageRenderer::toHtml(u"hello"_s);
    QVERIFY(html.contains("hello"_L1));
    for (const auto tag :
        { "<!DOCTYPE"_L1, "<html"_L1, "<head"_L1, "<body"_L1, "<style"_L1, "font-family"_L1 })
        QVERIFY2(!html.contains(tag, Qt::CaseInsensitive), qPrintable(html));
}

void TestMessageRenderer::mentionsOfMeAreBold()
{
    const QString html = MessageRenderer::toHtml(u"hey @alice, look"_s, u"alice"_s);
    QVERIFY2(html.contains("font-weight:700;\">@alice"_L1), qPrintable(html));
    QVERIFY(!MessageRenderer::toHtml(u"hey @alicex"_s, u"alice"_s).contains("font-weight"_L1));
}

void TestMessageRenderer::plainPreview()
{
    QCOMPARE(
        MessageRenderer::toPlainPreview(u"**bold** and `code`\n\nnext line"_s), u"bold and code next line"_s);
    const QString longText = QString(200, u'x');
    const QString preview = MessageRenderer::toPlainPreview(longText, 80);
    QCOMPARE(preview.size(), 80);
    QVERIFY(preview.endsWith(QChar(0x2026)));
    QCOMPARE(MessageRenderer::toPlainPreview(u"![cat](https://x.invalid/c.png)"_s), u"cat"_s);
    QCOMPARE(MessageRenderer::toPlainPreview(u"<b>hi</b>"_s), u"<b>hi</b>"_s);
}

void TestMessageRenderer::mentionDetection()
{
    QVERIFY(MessageRenderer::mentions(u"@alice hi"_s, u"alice"_s));
    QVERIFY(MessageRenderer::mentions(u"hi @Alice."_s, u"alice"_s));
    QVERIFY(!MessageRenderer::mentions(u"hi @alice.b"_s, u"alice"_s));
    QVERIFY(!MessageRenderer::mentions(u"mail bob@alice"_s, u"alice"_s));
    QVERIFY(!MessageRenderer::mentions(u"hi alice"_s, u"alice"_s));
}

QTEST_MAIN(TestMessageRenderer)
#include "tst_messagerenderer.moc"
