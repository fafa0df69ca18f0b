#include "messagerenderer.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFragment>
#include <QUrl>

#include <algorithm>

namespace confab::app {

using namespace Qt::StringLiterals;

namespace {

constexpr auto kMarkdownFlags
    = QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML);

// Only links a browser or mail client opens; file:, javascript:, data: and the like are dropped.
bool isSafeLink(const QUrl &url)
{
    if (!url.isValid())
        return false;
    const QString scheme = url.scheme().toLower();
    return scheme == "http"_L1 || scheme == "https"_L1 || scheme == "mailto"_L1;
}

bool looksLikeAddress(const QString &text)
{
    const QString t = text.trimmed().toLower();
    return t.startsWith("http://"_L1) || t.startsWith("https://"_L1) || t.startsWith("www."_L1)
        || t.startsWith("mailto:"_L1);
}

QString normalisedAddress(const QString &text)
{
    QString t = text.trimmed().toLower();
    if (t.startsWith("www."_L1))
        t.prepend("https://"_L1);
    while (t.endsWith(u'/'))
        t.chop(1);
    return t;
}

// A replacement of part of the document, collected while walking it and applied afterwards
// (from the end, so that earlier positions stay valid).
struct Replacement {
    int position = 0;
    int length = 0;
    QString text;
    QTextCharFormat format;
};

QTextCharFormat linkFormat(const QString &href)
{
    QTextCharFormat format;
    format.setAnchor(true);
    format.setAnchorHref(href);
    format.setFontUnderline(true);
    return format;
}

void makeSafe(QTextDocument &document)
{
    QList<Replacement> replacements;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.isValid())
                continue;
            const QTextCharFormat format = fragment.charFormat();
            if (format.isImageFormat()) {
                // Never an image: its alt text (or its address), as a link one may choose to open.
                const QTextImageFormat image = format.toImageFormat();
                const QUrl url(image.name());
                const QString alt = image.property(QTextFormat::ImageAltText).toString().trimmed();
                const bool safe = isSafeLink(url);
                QString label = alt.isEmpty() ? (safe ? url.toString() : QStringLiteral("[image]")) : alt;
                QString text;
                for (int i = 0; i < fragment.length(); ++i)
                    text += label;
                replacements.append({ fragment.position(), fragment.length(), text,
                    safe ? linkFormat(QString::fromLatin1(url.toEncoded(QUrl::FullyEncoded))) : QTextCharFormat() });
                continue;
            }
            if (!format.isAnchor() && format.anchorHref().isEmpty())
                continue;
            const QUrl href(format.anchorHref());
            if (!isSafeLink(href)) {
                QTextCharFormat plain = format;
                plain.setAnchor(false);
                plain.setAnchorHref(QString());
                plain.clearForeground();
                plain.setFontUnderline(false);
                replacements.append({ fragment.position(), fragment.length(), fragment.text(), plain });
                continue;
            }
            // The href as the view gets it back (hoveredLink, its tooltip): fully percent-encoded,
            // so no '<' or odd space of the sender's can reach a label that might read it as markup,
            // and an international host shows in its ASCII form.
            QTextCharFormat encoded = format;
            encoded.setAnchorHref(QString::fromLatin1(href.toEncoded(QUrl::FullyEncoded)));
            // The markdown importer paints links in the palette's blue; the view's theme colours them.
            encoded.clearForeground();
            // [https://bank.example](https://evil.example): show where it really goes.
            const QString shown = fragment.text();
            if (looksLikeAddress(shown) && normalisedAddress(shown) != normalisedAddress(href.toString()))
                replacements.append({ fragment.position(), fragment.length(), href.toString(), encoded });
            else if (encoded != format)
                replacements.append({ fragment.position(), fragment.length(), shown, encoded });
        }
    }
    std::sort(replacements.begin(), replacements.end(),
        [](const Replacement &a, const Replacement &b) { return a.position > b.position; });
    for (const Replacement &r : std::as_const(replacements)) {
        QTextCursor cursor(&document);
        cursor.setPosition(r.position);
        cursor.setPosition(r.position + r.length, QTextCursor::KeepAnchor);
        cursor.insertText(r.text, r.format);
    }
}

} // namespace

QRegularExpression MessageRenderer::mentionPattern(const QString &user)
{
    // A whole name: not part of a longer name or an e-mail address; a full stop may end it.
    return QRegularExpression(u"(?<![A-Za-z0-9._@-])@"_s + QRegularExpression::escape(user)
            + u"(?![A-Za-z0-9_-])(?!\\.[A-Za-z0-9_-])"_s,
        QRegularExpression::CaseInsensitiveOption);
}

namespace {

void highlightMentions(QTextDocument &document, const QString &user)
{
    const QRegularExpression pattern = MessageRenderer::mentionPattern(user);
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    QTextCursor cursor(&document);
    while (true) {
        cursor = document.find(pattern, cursor);
        if (cursor.isNull())
            break;
        cursor.mergeCharFormat(bold);
    }
}

QString bodyOf(const QString &html)
{
    const qsizetype bodyTag = html.indexOf("<body"_L1);
    if (bodyTag < 0)
        return html;
    const qsizetype start = html.indexOf(u'>', bodyTag);
    const qsizetype end = html.lastIndexOf("</body>"_L1);
    if (start < 0 || end < start)
        return html;
    return html.mid(start + 1, end - start - 1).trimmed();
}

} // namespace

QString MessageRenderer::toHtml(const QString &markdown, const QString &ownUser)
{
    QTextDocument document;
    document.setMarkdown(markdown, kMarkdownFlags);
    makeSafe(document);
    if (!ownUser.isEmpty())
        highlightMentions(document, ownUser);
    return bodyOf(document.toHtml());
}

QString MessageRenderer::toPlainPreview(const QString &markdown, int maxChars)
{
    QTextDocument document;
    document.setMarkdown(markdown, kMarkdownFlags);
    makeSafe(document);
    QString text = document.toPlainText();
    text.replace(QChar::ObjectReplacementCharacter, u' ');
    text = text.simplified();
    maxChars = std::max(maxChars, 1);
    if (text.size() > maxChars)
        text = text.left(maxChars - 1).trimmed() + QChar(0x2026);
    return text;
}

bool MessageRenderer::mentions(const QString &markdown, const QString &user)
{
    if (user.isEmpty())
        return false;
    return mentionPattern(user).match(markdown).hasMatch();
}

} // namespace confab::app
