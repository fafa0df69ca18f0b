#include "notificationrecorder.h"

#include <QDBusArgument>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

// Hints are variants of D-Bus basic types; anything else is only named.
QJsonValue hintValue(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::UChar:
        return int(value.value<uchar>());
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Short:
    case QMetaType::UShort:
        return value.toInt();
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return value.toDouble();
    case QMetaType::QString:
        return value.toString();
    default:
        return u"<%1>"_s.arg(QString::fromLatin1(value.typeName()));
    }
}

} // namespace

NotificationRecorder::NotificationRecorder(const QDBusConnection &bus, QObject *parent)
    : QObject(parent), m_bus(bus)
{ }

uint NotificationRecorder::Notify(const QString &appName, uint replacesId, const QString &appIcon,
    const QString &summary, const QString &body, const QStringList &actions, const QVariantMap &hints,
    int expireTimeout)
{
    const uint id = replacesId != 0 ? replacesId : m_nextId++;
    QJsonObject hintsJson;
    for (auto it = hints.cbegin(); it != hints.cend(); ++it)
        hintsJson.insert(it.key(), hintValue(it.value()));
    print(QJsonObject {
        { u"event"_s, u"notify"_s },
        { u"id"_s, qint64(id) },
        { u"app_name"_s, appName },
        { u"replaces_id"_s, qint64(replacesId) },
        { u"app_icon"_s, appIcon },
        { u"summary"_s, summary },
        { u"body"_s, body },
        { u"actions"_s, QJsonArray::fromStringList(actions) },
        { u"urgency"_s,
            hints.contains(u"urgency"_s) ? hintValue(hints.value(u"urgency"_s)) : QJsonValue(-1) },
        { u"hints"_s, hintsJson },
        { u"hint_keys"_s, QJsonArray::fromStringList(hints.keys()) },
        { u"expire_timeout"_s, expireTimeout },
    });
    return id;
}

void NotificationRecorder::CloseNotification(uint id)
{
    print(QJsonObject { { u"event"_s, u"close"_s }, { u"id"_s, qint64(id) } });
    Q_EMIT NotificationClosed(id, 3); // 3: closed by a call to CloseNotification
}

QStringList NotificationRecorder::GetCapabilities() const
{
    return { u"actions"_s, u"body"_s, u"body-markup"_s };
}

QString NotificationRecorder::GetServerInformation(
    QString &vendor, QString &version, QString &specVersion) const
{
    vendor = u"Confab tests"_s;
    version = u"1.0"_s;
    specVersion = u"1.2"_s;
    return u"confab-notification-recorder"_s;
}

bool NotificationRecorder::runCommand(const QString &line)
{
    const QStringList words = line.split(u' ', Qt::SkipEmptyParts);
    if (words.size() < 2)
        return false;
    bool ok = false;
    const uint id = words.at(1).toUInt(&ok);
    if (!ok)
        return false;
    if (words.at(0) == "invoke"_L1 && words.size() >= 3) {
        Q_EMIT ActionInvoked(id, words.mid(2).join(u' '));
        return true;
    }
    if (words.at(0) == "close"_L1) {
        const uint reason = words.size() >= 3 ? words.at(2).toUInt() : 2; // 2: dismissed by the user
        Q_EMIT NotificationClosed(id, reason);
        return true;
    }
    return false;
}

void NotificationRecorder::print(const QJsonObject &record)
{
    const QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}
