#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace confab::relay {

// The relay's config file: INI text, `key = value` per line, `#` or `;` starting a comment line,
// an optional `[relay]` section header. Read by hand rather than with QSettings so that every
// error can name its line, nothing is silently reinterpreted (QSettings turns commas into lists
// and treats `%` and `\` specially), and a key given twice is an error rather than a guess.
class ConfigFile
{
public:
    struct Entry {
        QString key;
        QString value;
        int line = 0;
    };
    struct Result {
        QList<Entry> entries;
        std::optional<QString> error; // "FILE:LINE: why", or "FILE: why"
    };

    static Result read(const QString &path);
    // The same rules on text already in memory (`path` only names it in errors).
    static Result parse(const QByteArray &text, const QString &path);
};

} // namespace confab::relay
