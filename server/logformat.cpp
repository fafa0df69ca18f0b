#include "logformat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cstdio>

namespace confab::relay {

using namespace Qt::StringLiterals;

namespace {

// qInstallMessageHandler takes a plain function, so the chosen style lives here; atomic because
// any thread may log.
std::atomic<LogFormat::Style> g_style { LogFormat::Style::Text };

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void handleMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    QByteArray line = LogFormat::format(g_style.load(), type, context.category, message);
    line.append('\n');
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

void LogFormat::install(Style style)
{
    g_style.store(style);
    qInstallMessageHandler(handleMessage);
}

QString LogFormat::escapeControl(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\\')
            escaped += u"\\\\"_s;
        else if (u == u'\n')
            escaped += u"\\n"_s;
        else if (u == u'\r')
            escaped += u"\\r"_s;
        else if (u == u'\t')
            escaped += u"\\t"_s;
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029)
            escaped += u"\\u%1"_s.arg(int(u), 4, 16, QChar(u'0'));
        else
            escaped += c;
    }
    return escaped;
}

QByteArray LogFormat::format(Style style, QtMsgType type, const char *category, const QString &message)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const QString categoryName = QString::fromUtf8(category ? category : "default");
    if (style == Style::Json) {
        // QJsonDocument escapes quotes, backslashes and every control character itself.
        const QJsonObject object { { "time"_L1, time }, { "level"_L1, QString::fromLatin1(levelName(type)) },
            { "category"_L1, categoryName }, { "message"_L1, message } };
        return QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    return (time + u' ' + categoryName + u' ' + QString::fromLatin1(levelName(type)) + u": "
               + escapeControl(message))
        .toUtf8();
}

} // namespace confab::relay
