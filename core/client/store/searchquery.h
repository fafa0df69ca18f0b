#pragma once

#include <QString>
#include <QStringView>

namespace confab::client {

// Turns what a user typed into a safe FTS5 MATCH expression. The input is split into words
// (runs of letters, digits and combining marks; everything else separates), each word becomes a
// quoted prefix term ("word"*), and the terms are ANDed. Nothing the user types is ever read as
// FTS5 syntax (quotes, NEAR, *, -, ^, :, parentheses, AND/OR/NOT are all plain text), so no
// input can make the query fail. An input without words gives an empty expression (no hits).
class SearchQuery
{
public:
    static constexpr int kMaxWords = 32;
    static constexpr int kMaxWordLength = 64;
    static QString matchExpression(QStringView userQuery);
};

} // namespace confab::client
