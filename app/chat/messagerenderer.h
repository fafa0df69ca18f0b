#pragma once

#include <QRegularExpression>
#include <QString>

namespace confab::app {

// Turns what people typed (markdown) into something safe to show. Other people's text is never
// trusted: HTML in it shows as text (MarkdownNoHTML), images are never loaded (Qt Quick's
// RichText would fetch a remote <img>, telling the sender who read the message and when), links
// keep only web and mail schemes, and a link whose label looks like another address shows the
// address it really opens. The result is the inner part of an HTML body, so QML's Text.RichText
// draws it with the app's own font and colours.
class MessageRenderer
{
public:
    // `ownUser`: "@ownUser" in the text is shown bold.
    static QString toHtml(const QString &markdown, const QString &ownUser = {});
    // One line of plain text (markdown removed, whitespace collapsed), at most `maxChars`
    // characters with "…" when cut: reply previews and notifications.
    static QString toPlainPreview(const QString &markdown, int maxChars = 80);
    // Whether the text mentions "@user" (a whole name, any case).
    static bool mentions(const QString &markdown, const QString &user);
    // The pattern mentions() uses, for callers testing many texts.
    static QRegularExpression mentionPattern(const QString &user);
};

} // namespace confab::app
