#include "appsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace confab::app {

using namespace Qt::StringLiterals;

namespace {

const QString kTheme = u"theme"_s;
const QString kNotifications = u"notifications"_s;
const QString kCloseToTray = u"closeToTray"_s;
const QString kStartOnLogin = u"startOnLogin"_s;
const QString kOfflineAlertMinutes = u"offlineAlertMinutes"_s;
const QString kShowMessagePreviews = u"showMessagePreviews"_s;
const QString kLastAccountId = u"lastAccountId"_s;
const QString kLastStreams = u"lastStreams"_s;

constexpr int kDefaultOfflineAlertMinutes = 5;
constexpr int kMaxOfflineAlertMinutes = 24 * 60;

bool isTheme(const QString &theme)
{
    return theme == u"system"_s || theme == u"light"_s || theme == u"dark"_s;
}

} // namespace

AppSettings::AppSettings(const QString &configDir, QObject *parent)
    : QObject(parent), m_filePath(QDir(configDir).filePath(u"settings.json"_s))
{ }

QString AppSettings::filePath() const
{
    return m_filePath;
}

QString AppSettings::problem() const
{
    return m_problem;
}

void AppSettings::load()
{
    m_json = {};
    QFile file(m_filePath);
    if (!file.exists()) {
        setProblem({});
        Q_EMIT changed();
        return;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        setProblem(tr("Confab could not read its settings (%1: %2) and uses the defaults.")
                       .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
        Q_EMIT changed();
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    file.close();
    if (!document.isObject()) {
        // Kept aside rather than overwritten by the next change, in case someone wants it back.
        const QString aside = m_filePath + u".damaged"_s;
        QFile::remove(aside);
        QFile::copy(m_filePath, aside);
        setProblem(tr("Confab's settings file was damaged (%1), so the defaults are used; the old "
                      "file was kept as %2.")
                       .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                         : tr("not a settings object"),
                           QDir::toNativeSeparators(aside)));
        Q_EMIT changed();
        return;
    }
    m_json = document.object();
    setProblem({});
    Q_EMIT changed();
}

void AppSettings::save()
{
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        setProblem(tr("Confab could not save its settings (%1: %2).")
                       .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
        return;
    }
    file.write(QJsonDocument(m_json).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        setProblem(tr("Confab could not save its settings (%1: %2).")
                       .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
        return;
    }
    setProblem({});
}

void AppSettings::setProblem(const QString &problem)
{
    if (problem == m_problem)
        return;
    m_problem = problem;
    Q_EMIT problemChanged();
}

void AppSettings::put(const QString &key, const QJsonValue &value)
{
    if (m_json.value(key) == value)
        return;
    m_json.insert(key, value);
    save();
    Q_EMIT changed();
}

QString AppSettings::theme() const
{
    const QString theme = m_json.value(kTheme).toString();
    return isTheme(theme) ? theme : u"system"_s;
}

void AppSettings::setTheme(const QString &theme)
{
    if (isTheme(theme))
        put(kTheme, theme);
}

NotificationRules AppSettings::notificationRules() const
{
    NotificationRules rules = NotificationRules::fromJson(m_json.value(kNotifications).toObject());
    rules.showPreviews = showMessagePreviews();
    return rules;
}

void AppSettings::setNotificationRules(const NotificationRules &rules)
{
    if (rules == notificationRules())
        return;
    m_json.insert(kNotifications, rules.toJson());
    m_json.insert(kShowMessagePreviews, rules.showPreviews);
    save();
    Q_EMIT changed();
}

bool AppSettings::closeToTray() const
{
    return m_json.value(kCloseToTray).toBool(true);
}

void AppSettings::setCloseToTray(bool enabled)
{
    put(kCloseToTray, enabled);
}

bool AppSettings::startOnLogin() const
{
    return m_json.value(kStartOnLogin).toBool(false);
}

void AppSettings::setStartOnLogin(bool enabled)
{
    put(kStartOnLogin, enabled);
}

int AppSettings::offlineAlertMinutes() const
{
    const QJsonValue value = m_json.value(kOfflineAlertMinutes);
    if (!value.isDouble())
        return kDefaultOfflineAlertMinutes;
    const double minutes = value.toDouble();
    if (!(minutes >= 1 && minutes <= kMaxOfflineAlertMinutes))
        return kDefaultOfflineAlertMinutes;
    return int(minutes);
}

void AppSettings::setOfflineAlertMinutes(int minutes)
{
    put(kOfflineAlertMinutes, qBound(1, minutes, kMaxOfflineAlertMinutes));
}

bool AppSettings::showMessagePreviews() const
{
    if (m_json.contains(kShowMessagePreviews))
        return m_json.value(kShowMessagePreviews).toBool(true);
    return NotificationRules::fromJson(m_json.value(kNotifications).toObject()).showPreviews;
}

void AppSettings::setShowMessagePreviews(bool show)
{
    NotificationRules rules = notificationRules();
    rules.showPreviews = show;
    setNotificationRules(rules);
}

QString AppSettings::lastAccountId() const
{
    return m_json.value(kLastAccountId).toString();
}

void AppSettings::setLastAccountId(const QString &id)
{
    put(kLastAccountId, id);
}

QString AppSettings::lastStream(const QString &accountId) const
{
    return m_json.value(kLastStreams).toObject().value(accountId).toString();
}

void AppSettings::setLastStream(const QString &accountId, const QString &stream)
{
    if (accountId.isEmpty())
        return;
    QJsonObject streams = m_json.value(kLastStreams).toObject();
    if (stream.isEmpty())
        streams.remove(accountId);
    else
        streams.insert(accountId, stream);
    put(kLastStreams, streams);
}

} // namespace confab::app
