#include "configfile.h"

#include <QFile>
#include <QSet>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// Config files are small; anything bigger is a mistake (a wrong path), not a config.
constexpr qint64 kMaxFileSize = 1024 * 1024;

QString unquoted(const QString &value)
{
    if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"'))
        return value.mid(1, value.size() - 2);
    return value;
}

} // namespace

ConfigFile::Result ConfigFile::read(const QString &path)
{
    Result result;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = u"%1: cannot read the config file: %2"_s.arg(path, file.errorString());
        return result;
    }
    if (file.size() > kMaxFileSize) {
        result.error = u"%1: the config file is larger than %2 bytes"_s.arg(path).arg(kMaxFileSize);
        return result;
    }
    return parse(file.readAll(), path);
}

ConfigFile::Result ConfigFile::parse(const QByteArray &text, const QString &path)
{
    Result result;
    QSet<QString> seen;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNumber = int(i + 1);
        auto fail = [&](const QString &why) {
            result.entries.clear();
            result.error = u"%1:%2: %3"_s.arg(path).arg(lineNumber).arg(why);
            return result;
        };
        QString line = QString::fromUtf8(lines.at(i));
        if (i == 0 && line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1); // a byte order mark some editors write
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        if (line.startsWith(u'[')) {
            if (line == u"[relay]" || line == u"[General]")
                continue;
            return fail(u"unknown section %1 (use [relay] or none)"_s.arg(line.left(64)));
        }
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 0)
            return fail(u"expected 'key = value', got '%1'"_s.arg(line.left(64)));
        const QString key = line.left(equals).trimmed();
        if (key.isEmpty())
            return fail(u"a value without a key"_s);
        if (seen.contains(key))
            return fail(u"'%1' is set twice"_s.arg(key.left(64)));
        seen.insert(key);
        result.entries.append({ key, unquoted(line.mid(equals + 1).trimmed()), lineNumber });
    }
    return result;
}

} // namespace confab::relay
