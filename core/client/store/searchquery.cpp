#include "searchquery.h"

#include <QStringList>

namespace confab::client {

using namespace Qt::StringLiterals;

namespace {

// Close to what the unicode61 tokenizer keeps in a token (letters, numbers, private use), plus
// combining marks so that decomposed accents stay inside their word.
bool isWordCharacter(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Other_PrivateUse:
        return true;
    default:
        return false;
    }
}

bool hasLetterOrNumber(const QString &word)
{
    for (char32_t c : word.toUcs4()) {
        if (QChar::isLetterOrNumber(c))
            return true;
    }
    return false;
}

} // namespace

QString SearchQuery::matchExpression(QStringView userQuery)
{
    QStringList words;
    QString word;
    const auto flush = [&] {
        // A word of marks alone would be an empty phrase; long words are cut (a prefix still matches).
        if (word.size() > kMaxWordLength) {
            word.truncate(kMaxWordLength);
            if (word.back().isHighSurrogate())
                word.chop(1);
        }
        if (!word.isEmpty() && hasLetterOrNumber(word) && !words.contains(word))
            words.append(word);
        word.clear();
    };
    const QList<uint> codePoints = userQuery.toUcs4();
    for (uint c : codePoints) {
        if (isWordCharacter(char32_t(c))) {
            word.append(QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1));
        } else {
            flush();
            if (words.size() >= kMaxWords)
                break;
        }
    }
    flush();
    while (words.size() > kMaxWords)
        words.removeLast();

    QStringList terms;
    for (const QString &w : words) // no word holds a quote, so none needs escaping
        terms.append(u"\""_s + w + u"\"*"_s);
    return terms.join(u" AND "_s);
}

} // namespace confab::client
